package dev.conveyor.bench;

import dev.conveyor.schemas.CompletionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chaos scenario's driver (bench/README.md, "chaos"). Announces {@code READY} (bench/run starts
 * producer-api, the router workers and the billing consumers), creates the API tenants, then over
 * the load span sends half the jobs straight to Kafka and half through producer-api in batches (a
 * client that retries with the same Idempotency-Key on any error), with poison records of every
 * kind among the direct ones; meanwhile it asks bench/run to kill processes ({@code KILL NAME}) and
 * to stop PostgreSQL ({@code STOP postgres} … {@code CONT postgres}), and takes every model down in
 * the simulator once. Then it waits for the results and checks what a user was promised.
 */
final class Chaos {

    record Settings(
            RunContext context,
            int apiPort,
            String adminKey,
            int apiTenants,
            int batchSize,
            double poisonRate,
            Duration load,
            Duration outage,
            Duration databaseStop,
            Duration brokerStop,
            int routers,
            int routerKills,
            int billingKills,
            Duration drain,
            String deadLetter,
            LedgerDatabase.Login database,
            Path killsLog,
            long seed) {

        Settings {
            if (context.jobs() % 2 != 0 || (context.jobs() / 2) % batchSize != 0) {
                throw new IllegalArgumentException("--jobs must be twice a multiple of --batch-size");
            }
        }

        int directJobs() {
            return context.jobs() / 2;
        }

        int batches() {
            return (context.jobs() - directJobs()) / batchSize;
        }

        int poisonPerKind() {
            return Math.max(1, (int) Math.round(context.jobs() * poisonRate / Poison.Kind.values().length));
        }
    }

    /** A batch producer-api accepted: its id, tenant and key, and how many jobs it holds. */
    record Batch(String id, String tenant, String key, int size) {}

    /** Something the driver does (or asks bench/run to do) at a moment of the load span. */
    record Fault(long atMillis, String action) {}

    private final Settings settings;
    private final RunContext context;
    private final String tag;
    private final ApiClient api;
    private final Set<Integer> directAccepted = ConcurrentHashMap.newKeySet();
    private final List<Batch> batches = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger uploading = new AtomicInteger();
    private final Map<Poison.Kind, Integer> poisonIn = new EnumMap<>(Poison.Kind.class);

    Chaos(Settings settings) {
        this.settings = settings;
        this.context = settings.context();
        this.tag = "chaos-" + context.out().getParent().getFileName();
        this.api = new ApiClient(settings.apiPort());
    }

    ObjectNode run() {
        ObjectNode json = context.json("product");
        try (Driver driver = new Driver(context)) {
            driver.createJobTopics();
            Simulator simulator = driver.simulator();
            simulator.clearLedger();
            Driver.announce("READY");
            Driver.await(
                    api::healthy,
                    () -> Workers.Pause.millis(500),
                    () -> {},
                    context.startupTimeout(),
                    () -> "producer-api was not healthy within "
                            + context.startupTimeout().toSeconds() + " s");
            Map<String, String> keys = new TreeMap<>();
            for (int t = 0; t < settings.apiTenants(); t++) {
                String tenant = "chaos-api-" + t;
                keys.put(tenant, api.tenantKey(settings.adminKey(), tenant, context.startupTimeout()));
            }
            Driver.announce("LOAD");
            try (ChaosResults results = new ChaosResults(
                    BenchKafka.resultConsumer(context.bootstrap(), context.registryUrl()),
                    BenchKafka.partitions(driver.admin(), context.results()))) {
                long started = System.currentTimeMillis();
                List<Fault> faults = schedule();
                Thread direct = Thread.ofPlatform().name("chaos-direct").start(this::sendDirect);
                Thread viaApi = Thread.ofPlatform().name("chaos-api").start(() -> sendBatches(keys));
                int next = 0;
                Instant outageStart = null;
                while (direct.isAlive() || viaApi.isAlive() || next < faults.size()) {
                    results.poll(Duration.ofMillis(100));
                    long now = System.currentTimeMillis() - started;
                    while (next < faults.size() && faults.get(next).atMillis() <= now) {
                        Fault fault = faults.get(next);
                        if (fault.action().equals("KILL api") && uploading.get() == 0 && viaApi.isAlive()) {
                            break; // producer-api is killed during an upload: wait for the next one
                        }
                        switch (fault.action()) {
                            case "OUTAGE start" -> {
                                simulator.reconfigure("{\"allModels\":{\"faults\":{\"down\":\"REFUSE\"}}}");
                                outageStart = Instant.now();
                            }
                            case "OUTAGE end" -> simulator.reconfigure("{\"allModels\":{\"faults\":{\"down\":null}}}");
                            default -> Driver.announce(fault.action());
                        }
                        System.err.printf("[chaos] %.1f s: %s%n", now / 1000.0, fault.action());
                        next++;
                    }
                }
                Driver.join(direct, "sending jobs to Kafka");
                Driver.join(viaApi, "uploading batches");
                Json.put(json, "load_s", (System.currentTimeMillis() - started) / 1000.0, 1);
                json.put("outage_started", outageStart != null);
                Driver.announce("LOAD_DONE");
                drain(results, json);
                measure(driver, results, json);
            }
            return driver.write(json);
        }
    }

    /**
     * The faults, at seeded random moments of the load span: router workers killed at random
     * (never two within 5 s), one billing consumer killed twice, producer-api once (during an
     * upload), PostgreSQL stopped once, every model down once for the outage's length.
     */
    List<Fault> schedule() {
        Random random = new Random(settings.seed());
        long span = settings.load().toMillis();
        List<Fault> faults = new ArrayList<>();
        for (int k = 0; k < settings.routerKills(); k++) {
            long at = span * (k + 1) / (settings.routerKills() + 1) + random.nextLong(-span / 20, span / 20 + 1);
            faults.add(new Fault(at, "KILL router-" + (1 + random.nextInt(settings.routers()))));
        }
        for (int k = 0; k < settings.billingKills(); k++) {
            faults.add(new Fault(
                    span * (1 + 2 * k) / (2 * settings.billingKills()) + random.nextLong(span / 20 + 1),
                    "KILL billing-1"));
        }
        faults.add(new Fault(span * 2 / 5 + random.nextLong(span / 10 + 1), "KILL api"));
        long stopAt = span / 2 + random.nextLong(span / 10 + 1);
        faults.add(new Fault(stopAt, "STOP postgres"));
        faults.add(new Fault(stopAt + settings.databaseStop().toMillis(), "CONT postgres"));
        if (!settings.brokerStop().isZero()) {
            // the broker frozen (its JVM stopped), 5 s after PostgreSQL is back
            long brokerAt = stopAt + settings.databaseStop().toMillis() + 5_000;
            faults.add(new Fault(brokerAt, "STOP broker"));
            faults.add(new Fault(brokerAt + settings.brokerStop().toMillis(), "CONT broker"));
        }
        long outageAt = span / 5 + random.nextLong(span / 10 + 1);
        faults.add(new Fault(outageAt, "OUTAGE start"));
        faults.add(new Fault(outageAt + settings.outage().toMillis(), "OUTAGE end"));
        faults.sort(java.util.Comparator.comparingLong(Fault::atMillis));
        return faults;
    }

    /** Jobs {@code 0..direct-1} straight to the request topic, paced over the load span, poison among them. */
    private void sendDirect() {
        int jobs = settings.directJobs();
        int poisonEvery = Math.max(1, jobs / (settings.poisonPerKind() * Poison.Kind.values().length));
        long interval = settings.load().toNanos() / jobs;
        long start = System.nanoTime();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, Object> producer =
                BenchKafka.producer(context.bootstrap(), context.registryUrl(), 5)) {
            Poison poison = new Poison(context.bootstrap(), producer, context.requests());
            int poisoned = 0;
            for (int i = 0; i < jobs && failure.get() == null; i++) {
                pace(start + i * interval);
                int index = i;
                CompletionRequest job = JobMix.job(tag, index, Instant.now());
                producer.send(new ProducerRecord<>(context.requests(), job.getJobId(), job), (metadata, e) -> {
                    if (e == null) {
                        directAccepted.add(index);
                    } else {
                        failure.compareAndSet(null, e);
                    }
                });
                if (i % poisonEvery == poisonEvery - 1
                        && poisoned < settings.poisonPerKind() * Poison.Kind.values().length) {
                    Poison.Kind kind = Poison.Kind.values()[poisoned % Poison.Kind.values().length];
                    poison.send(kind, poisoned);
                    poisonIn.merge(kind, 1, Integer::sum);
                    poisoned++;
                }
            }
            producer.flush();
            poison.close();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not send jobs to Kafka", failure.get());
        }
    }

    /** The API half, in batches paced over the load span, each retried with its Idempotency-Key until accepted. */
    private void sendBatches(Map<String, String> keys) {
        List<String> tenants = List.copyOf(keys.keySet());
        long interval = settings.load().toNanos() / settings.batches();
        long start = System.nanoTime();
        for (int b = 0; b < settings.batches(); b++) {
            pace(start + b * interval);
            String tenant = tenants.get(b % tenants.size());
            ArrayNode body = Json.object().arrayNode();
            for (int j = 0; j < settings.batchSize(); j++) {
                // indices after the direct jobs': no prompt repeats one of theirs (no cache hits)
                CompletionRequest job =
                        JobMix.job(tag, settings.directJobs() + b * settings.batchSize() + j, Instant.now());
                ObjectNode line = body.addObject();
                line.put("task_type", job.getTaskType());
                line.put("max_tokens", job.getMaxTokens());
                ObjectNode message = line.putArray("messages").addObject();
                message.put("role", "user");
                message.put("content", job.getMessages().getFirst().getContent());
            }
            uploading.incrementAndGet();
            try {
                JsonNode batch = api.submitBatch(
                        keys.get(tenant),
                        tag + "-batch-" + b,
                        Json.line(body),
                        settings.drain().plus(settings.load()));
                batches.add(new Batch(batch.path("id").asString(), tenant, keys.get(tenant), settings.batchSize()));
            } finally {
                uploading.decrementAndGet();
            }
        }
    }

    private static void pace(long due) {
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Every accepted job's id. */
    private List<String> accepted() {
        List<String> ids = new ArrayList<>();
        directAccepted.forEach(i -> ids.add(JobMix.jobId(tag, i)));
        synchronized (batches) {
            for (Batch batch : batches) {
                for (int n = 1; n <= batch.size(); n++) {
                    ids.add(batch.id() + "-" + n);
                }
            }
        }
        return ids;
    }

    /** Reads results until every accepted job has one, or nothing new came for a minute, or the drain time is over. */
    private void drain(ChaosResults results, ObjectNode json) {
        List<String> accepted = accepted();
        long started = System.nanoTime();
        long end = started + settings.drain().toNanos();
        long lastProgress = started;
        int seen = results.finished();
        while (System.nanoTime() < end && accepted.stream().anyMatch(id -> !results.has(id))) {
            results.poll(Duration.ofMillis(200));
            if (results.finished() > seen) {
                seen = results.finished();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(60).toNanos()) {
                break;
            }
        }
        Json.put(json, "drain_s", (System.nanoTime() - started) / 1e9, 1);
    }

    private void measure(Driver driver, ChaosResults results, ObjectNode json) {
        List<String> accepted = accepted();
        long lost = accepted.stream().filter(id -> !results.has(id)).count();
        json.put("accepted", accepted.size());
        json.put("accepted_direct", directAccepted.size());
        json.put("accepted_via_api", accepted.size() - directAccepted.size());
        json.put("batches", batches.size());
        json.put("api_retries", api.retries());
        json.put("finished", accepted.size() - lost);
        json.put("lost", lost);
        json.put(
                "results_failed",
                accepted.stream()
                        .map(results::get)
                        .filter(o -> o != null && !o.succeeded())
                        .count());
        json.put("result_duplicates", results.duplicates());
        json.put("conflicting_results", results.conflicting());
        ChaosChecks checks = new ChaosChecks(driver, settings);
        checks.poison(poisonIn, json);
        checks.stuckPartitions(json);
        json.put("batch_counts_correct", checks.batchCounts(api, batches, results, json));
        checks.billing(results, json);
        json.put("kills", kills(json));
    }

    /** The kills bench/run carried out, from its log ({@code NAME OLD_PID NEW_PID}, one a line). */
    private int kills(ObjectNode json) {
        Map<String, Integer> byProcess = new TreeMap<>();
        try {
            if (Files.exists(settings.killsLog())) {
                for (String line : Files.readAllLines(settings.killsLog())) {
                    if (!line.isBlank()) {
                        byProcess.merge(line.split(" ")[0].replaceAll("-\\d+$", ""), 1, Integer::sum);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + settings.killsLog(), e);
        }
        json.putPOJO("kills_by_process", byProcess);
        return byProcess.values().stream().mapToInt(Integer::intValue).sum();
    }
}
