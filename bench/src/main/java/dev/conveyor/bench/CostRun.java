package dev.conveyor.bench;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.schemas.Attempt;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code cost} scenario's driver (bench/README.md, "cost"): the reference workload
 * ({@link CostWorkload}) through the product, with a billing consumer keeping the ledger. Sets the
 * simulator's batch delay, produces every original job as a backlog straight to Kafka, and each
 * exact repeat {@code repeatDelay} after the job it repeats has its result (the response cache can
 * only answer a job that finished); reads every result, waits for the billing ledger to hold every
 * usage event, reads the simulator's ledger and its provider batches, and prices it all
 * ({@link CostAccounting}).
 *
 * <p>Prints its JSON; then fails (exit 1) when a job was lost or the ledgers disagree.
 */
final class CostRun {

    record Settings(
            RunContext context,
            long seed,
            int workers,
            Duration repeatDelay,
            Duration budget,
            Duration stallTimeout,
            long batchDelayMillis,
            String usageTopic,
            String apiKey,
            LedgerDatabase.Login database,
            String billingSchema) {}

    private final Settings settings;
    private final RunContext context;
    private final CostWorkload workload;
    private final CostAccounting.JobResult[] results;
    private final long[] resultReceivedMillis;
    private final long[] resultPublishedMillis;
    private final long[] deadlineMillis;
    private final String[] firstModel;
    private final Map<String, Integer> modelsUsed = new TreeMap<>();

    CostRun(Settings settings) {
        this.settings = settings;
        this.context = settings.context();
        this.workload = new CostWorkload(CostWorkload.Shape.reference(context.jobs(), settings.seed()));
        int jobs = context.jobs();
        this.results = new CostAccounting.JobResult[jobs];
        this.resultReceivedMillis = new long[jobs];
        this.resultPublishedMillis = new long[jobs];
        this.deadlineMillis = new long[jobs];
        this.firstModel = new String[jobs];
    }

    /** The segment's JSON; {@code failed} set when jobs were lost or the ledgers differ. */
    ObjectNode run() {
        ObjectNode json = context.json("product");
        int jobs = context.jobs();
        mix(json);
        try (Driver driver = new Driver(context)) {
            driver.createTopics(context.requests(), context.results(), settings.usageTopic());
            Simulator simulator = driver.simulator();
            simulator.clearLedger();
            json.set("simulator_batch", simulator.batchSettings(settings.batchDelayMillis()));
            Placements placements = new Placements(jobs);
            AtomicReference<Exception> failure = new AtomicReference<>();
            try (KafkaProducer<String, Object> producer =
                    BenchKafka.producer(context.bootstrap(), context.registryUrl(), 10)) {
                long started = System.nanoTime();
                int originals = 0;
                for (CostWorkload.Planned job : workload.plan()) {
                    if (!job.repeat()) {
                        send(producer, job.index(), placements, failure);
                        originals++;
                    }
                }
                producer.flush();
                requireSent(failure);
                Json.put(json, "backlog_produce_s", (System.nanoTime() - started) / 1e9, 2);
                Driver.announce("BACKLOG_READY jobs=" + originals);
                try (Workers workers = driver.awaitWorkers(settings.workers(), "router worker");
                        ResultLog log = driver.openResults(jobs).onFirstResult(this::keep)) {
                    long workersStarted = System.nanoTime();
                    long workersStartedMillis = System.currentTimeMillis();
                    drain(log, workers, producer, placements, failure, json);
                    Json.put(json, "drain_s", (System.nanoTime() - workersStarted) / 1e9, 2);
                    timeline(json, workersStartedMillis);
                    driver.account(json, log, placements, jobs);
                    figures(json, driver, simulator, workers);
                }
            }
            return driver.write(json);
        }
    }

    private void mix(ObjectNode json) {
        int repeats = 0;
        int deferrable = 0;
        int withSystemPrompt = 0;
        long promptTokens = 0;
        Map<String, Integer> byTask = new TreeMap<>();
        for (CostWorkload.Planned job : workload.plan()) {
            repeats += job.repeat() ? 1 : 0;
            deferrable += job.deferrable() ? 1 : 0;
            withSystemPrompt += job.systemPrompt() >= 0 ? 1 : 0;
            promptTokens += job.promptTokens();
            byTask.merge(job.taskType(), 1, Integer::sum);
        }
        ObjectNode mix = json.putObject("mix");
        mix.put("repeats", repeats);
        mix.put("deferrable", deferrable);
        mix.put("with_system_prompt", withSystemPrompt);
        mix.put(
                "mean_prompt_tokens",
                workload.plan().isEmpty() ? 0 : promptTokens / workload.plan().size());
        byTask.forEach(mix.putObject("task_types")::put);
    }

    private void send(
            KafkaProducer<String, Object> producer,
            int index,
            Placements placements,
            AtomicReference<Exception> failure) {
        Instant now = Instant.now();
        CompletionRequest job = workload.request(context.prefix(), index, now);
        if (job.getDeadline() != null) {
            deadlineMillis[index] = job.getDeadline().toEpochMilli();
        }
        producer.send(
                new ProducerRecord<>(context.requests(), job.getJobId(), job), placements.recorder(index, failure));
    }

    private static void requireSent(AtomicReference<Exception> failure) {
        if (failure.get() != null) {
            throw new IllegalStateException("could not produce the jobs", failure.get());
        }
    }

    private void keep(CompletionResult result) {
        int index = JobMix.index(result.getJobId());
        List<Attempt> attempts = result.getAttempts();
        boolean succeeded = result.getStatus() == JobStatus.SUCCEEDED;
        String provider = result.getProvider();
        String model = result.getModel();
        boolean changed = attempts.stream()
                .anyMatch(a -> !a.getModel().equals(model) || !a.getProvider().equals(provider));
        results[index] = new CostAccounting.JobResult(
                succeeded,
                provider,
                model,
                result.getCacheHit(),
                result.getErrorType(),
                changed,
                result.getCompletedAt());
        resultReceivedMillis[index] = System.currentTimeMillis();
        resultPublishedMillis[index] = result.getCompletedAt().toEpochMilli();
        firstModel[index] = attempts.isEmpty()
                ? provider + "/" + model
                : attempts.getFirst().getProvider() + "/" + attempts.getFirst().getModel();
        if (succeeded) {
            modelsUsed.merge(provider + "/" + model, 1, Integer::sum);
        }
    }

    /**
     * Reads results until every job has one, sending each repeat {@code repeatDelay} after the job
     * it repeats has its result; stops at the budget or when nothing came for the stall timeout.
     */
    private void drain(
            ResultLog log,
            Workers workers,
            KafkaProducer<String, Object> producer,
            Placements placements,
            AtomicReference<Exception> failure,
            ObjectNode json) {
        int jobs = context.jobs();
        Map<Integer, List<Integer>> repeatsOf = new HashMap<>();
        for (CostWorkload.Planned job : workload.plan()) {
            if (job.repeat()) {
                repeatsOf
                        .computeIfAbsent(job.repeatOf(), i -> new java.util.ArrayList<>())
                        .add(job.index());
            }
        }
        ArrayDeque<long[]> due = new ArrayDeque<>(); // {due millis, repeat index}, in due order
        boolean[] scheduled = new boolean[jobs];
        int sentRepeats = 0;
        long deadline = System.nanoTime() + settings.budget().toNanos();
        long lastProgress = System.nanoTime();
        int seen = 0;
        while (log.finishedCount() < jobs) {
            workers.requireAlive();
            log.poll(Duration.ofMillis(100));
            long now = System.currentTimeMillis();
            for (Map.Entry<Integer, List<Integer>> entry : repeatsOf.entrySet()) {
                int original = entry.getKey();
                if (!scheduled[original] && resultReceivedMillis[original] != 0) {
                    scheduled[original] = true;
                    for (int repeat : entry.getValue()) {
                        due.add(new long[] {
                            resultReceivedMillis[original]
                                    + settings.repeatDelay().toMillis(),
                            repeat
                        });
                    }
                }
            }
            boolean sent = false;
            for (var it = due.iterator(); it.hasNext(); ) {
                long[] next = it.next();
                if (next[0] <= now) {
                    send(producer, (int) next[1], placements, failure);
                    sentRepeats++;
                    sent = true;
                    it.remove();
                }
            }
            if (sent) {
                producer.flush();
                requireSent(failure);
            }
            if (seen == 0 && log.finishedCount() > 0) {
                Driver.announce("FIRST_RESULT"); // bench/run starts the billing consumer now
            }
            if (log.finishedCount() > seen || sent) {
                seen = log.finishedCount();
                lastProgress = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                System.err.println("bench: the budget of " + settings.budget().toSeconds() + " s is spent; "
                        + log.finishedCount() + " of " + jobs + " jobs finished");
                break;
            }
            if (due.isEmpty()
                    && System.nanoTime() - lastProgress
                            > settings.stallTimeout().toNanos()) {
                System.err.println(
                        "bench: no new result for " + settings.stallTimeout().toSeconds() + " s; " + log.finishedCount()
                                + " of " + jobs + " jobs finished");
                break;
            }
        }
        json.put("mode", log.finishedCount() < jobs ? "window" : "all");
        json.put("repeats_sent", sentRepeats);
        json.put(
                "repeats_not_sent",
                (int) repeatsOf.values().stream().mapToLong(List::size).sum() - sentRepeats);
    }

    /** Seconds from the workers' start to the first result and to the last. */
    private void timeline(ObjectNode json, long startedMillis) {
        long first = Long.MAX_VALUE;
        long last = 0;
        for (long received : resultReceivedMillis) {
            if (received != 0) {
                first = Math.min(first, received);
                last = Math.max(last, received);
            }
        }
        Json.put(json, "first_result_s", last == 0 ? Double.NaN : (first - startedMillis) / 1000.0, 2);
        Json.put(json, "last_result_s", last == 0 ? Double.NaN : (last - startedMillis) / 1000.0, 2);
    }

    private void figures(ObjectNode json, Driver driver, Simulator simulator, Workers workers) {
        Map<String, UsageEvent> usage = new HashMap<>();
        Map<String, String> tenantOfEvent;
        Map<String, TenantTotals> billed;
        BigDecimal ledgerBatchSavings;
        try (LedgerDatabase ledger = LedgerDatabase.open(settings.database(), settings.billingSchema());
                KafkaConsumer<String, Object> consumer =
                        BenchKafka.resultConsumer(context.bootstrap(), context.registryUrl())) {
            List<TopicPartition> partitions = BenchKafka.partitions(driver.admin(), settings.usageTopic());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            awaitLedger(ledger, consumer, partitions, usage);
            tenantOfEvent = ledger.eventTenants();
            billed = ledger.eventTotals();
            ledgerBatchSavings = ledger.batchSavings();
        }
        Simulator.Calls calls = simulator.settledCalls();
        List<Simulator.Billed> sim = simulator.billed();
        Map<String, Integer> batches = simulator.batches(settings.apiKey());
        CostAccounting accounting = new CostAccounting(Catalog.load());
        CostAccounting.Outcome outcome = accounting.account(
                results,
                i -> workload.job(i).repeatOf(),
                usage.values(),
                jobId -> jobId != null && jobId.startsWith(context.prefix() + "-") ? JobMix.index(jobId) : -1,
                sim,
                tenantOfEvent);

        Map<String, BigDecimal> ledgerByTenant = new TreeMap<>();
        billed.forEach((tenant, totals) -> ledgerByTenant.put(tenant, totals.costUsd()));
        BigDecimal cost = ledgerByTenant.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean exact = outcome.unmatchedSimCalls() == 0
                && CostAccounting.sameByTenant(ledgerByTenant, outcome.simByTenant())
                && cost.compareTo(outcome.eventsCostUsd()) == 0;

        Json.put(json, "cost_usd", cost.doubleValue(), 6);
        Json.put(json, "naive_cost_usd", outcome.naiveUsd().doubleValue(), 6);
        BigDecimal savings = CostAccounting.savings(cost, outcome.naiveUsd());
        if (savings == null) {
            json.putNull("savings");
        } else {
            json.put("savings", savings.doubleValue());
        }
        ObjectNode sources = json.putObject("by_source");
        Json.put(sources, "cache", outcome.cacheUsd().doubleValue(), 6);
        Json.put(sources, "prompt_cache", outcome.promptCacheUsd().doubleValue(), 6);
        Json.put(sources, "batch", outcome.batchUsd().doubleValue(), 6);
        Json.put(sources, "fallback", outcome.fallbackUsd().doubleValue(), 6);
        Json.put(sources, "other", outcome.otherUsd().doubleValue(), 6);
        json.put("deferred_jobs", outcome.deferredJobs());
        json.put(
                "batch_calls",
                batches.values().stream().mapToInt(Integer::intValue).sum());
        json.put("deadline_missed", deadlineMissed());
        json.put("exact", exact);

        ObjectNode detail = json.putObject("detail");
        batches.forEach(detail.putObject("batch_calls_by_api")::put);
        detail.put("cost_usd", usd(cost));
        detail.put("naive_cost_usd", usd(outcome.naiveUsd()));
        detail.put("batch_requests", outcome.batchRequests());
        detail.put("ledger_batch_savings_usd", usd(ledgerBatchSavings));
        detail.put("cache_hits", outcome.cacheHits());
        detail.put("usage_events", usage.size());
        detail.put("usage_events_cost_usd", usd(outcome.eventsCostUsd()));
        detail.put("sim_calls", calls.calls());
        detail.put("sim_calls_succeeded", calls.succeeded());
        detail.put("sim_cost_usd", usd(outcome.simCostUsd()));
        detail.put("sim_totals_cost_usd", usd(simulator.totalCostUsd()));
        detail.put("sim_calls_unmatched", outcome.unmatchedSimCalls());
        detail.put("sim_cost_unmatched_usd", usd(outcome.unmatchedSimCostUsd()));
        detail.put("naive_unpriced_jobs", outcome.naiveUnpriced());
        detail.put("naive_from_router_tokens", outcome.naiveFromRouterTokens());
        ObjectNode tenants = detail.putObject("by_tenant");
        java.util.Set<String> all = new java.util.TreeSet<>(ledgerByTenant.keySet());
        all.addAll(outcome.simByTenant().keySet());
        for (String tenant : all) {
            ObjectNode t = tenants.putObject(tenant);
            t.put("ledger_usd", usd(ledgerByTenant.getOrDefault(tenant, BigDecimal.ZERO)));
            t.put("sim_usd", usd(outcome.simByTenant().getOrDefault(tenant, BigDecimal.ZERO)));
        }
        modelsUsed.forEach(detail.putObject("results_by_model")::put);
        Map<String, Integer> first = new TreeMap<>();
        for (String model : firstModel) {
            if (model != null) {
                first.merge(model, 1, Integer::sum);
            }
        }
        first.forEach(detail.putObject("first_model")::put);
        Json.put(json, "worker_cpu_s", workers.stats().cpuSeconds(), 1);
        Json.put(json, "worker_rss_mb", workers.stats().rssPeakMb(), 1);
    }

    private static String usd(BigDecimal value) {
        return value.setScale(9, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Jobs with a deadline whose result was published after it, and any job that failed DEADLINE_EXCEEDED. */
    private int deadlineMissed() {
        int missed = 0;
        for (int i = 0; i < results.length; i++) {
            CostAccounting.JobResult result = results[i];
            if (result == null) {
                continue;
            }
            boolean late = deadlineMillis[i] != 0 && resultPublishedMillis[i] > deadlineMillis[i];
            if (late || "DEADLINE_EXCEEDED".equals(result.errorType())) {
                missed++;
            }
        }
        return missed;
    }

    /**
     * Reads the usage topic while the billing consumer ingests it, until the ledger holds a row for
     * every distinct usage event and neither has changed for 1.5 s (at most the stall timeout).
     */
    private void awaitLedger(
            LedgerDatabase ledger,
            KafkaConsumer<String, Object> consumer,
            List<TopicPartition> partitions,
            Map<String, UsageEvent> usage) {
        long deadline = System.nanoTime() + settings.stallTimeout().toNanos();
        long stableSince = System.nanoTime();
        long lastRows = -1;
        int lastEvents = -1;
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof UsageEvent event) {
                        usage.putIfAbsent(event.getEventId(), event);
                    }
                }
            }
            long rows = ledger.ready() ? ledger.eventRows() : -1;
            if (rows != lastRows || usage.size() != lastEvents) {
                lastRows = rows;
                lastEvents = usage.size();
                stableSince = System.nanoTime();
            } else if (rows == usage.size()
                    && System.nanoTime() - stableSince > Duration.ofSeconds(3).toNanos()) {
                return;
            }
            Workers.Pause.millis(500);
        }
        System.err.println(
                "bench: the ledger did not settle: " + lastRows + " rows for " + lastEvents + " usage events");
    }

    /** Whether the run failed its promises: a job lost, or the ledgers differ. */
    static boolean failed(JsonNode json) {
        return json.path("lost").asInt(0) > 0 || !json.path("exact").asBoolean(false);
    }
}
