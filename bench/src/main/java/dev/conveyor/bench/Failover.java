package dev.conveyor.bench;

import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The failover scenario's driver (bench/README.md, "failover"). Announces {@code ROUTER_PORT=…}
 * for bench/run, which starts the router on it; waits for the router's health and one warm-up
 * job; then sends jobs at a steady rate while it takes the primary model down in the simulator
 * (every connection refused) from {@code outageFrom} to {@code outageTo} of the sending time, and
 * brings it back. Once every job has a result (or the drain time is over) it reads the router's
 * circuit history and the simulator's ledger, audits lost jobs, and writes what {@link
 * FailoverAnalysis} makes of them.
 */
final class Failover {

    record Settings(
            RunContext context,
            int routerPort,
            double ratePerSecond,
            double outageFrom,
            double outageTo,
            FailoverAnalysis.Model primary,
            FailoverAnalysis.Model fallback,
            String fallbackSimModel,
            String fallbackSimSpec,
            Duration drain) {}

    private final Settings settings;
    private final RunContext context;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final FailoverAnalysis.Result[] outcomes;
    private final long[] sentMillis;
    private Simulator simulator;

    Failover(Settings settings) {
        this.settings = settings;
        this.context = settings.context();
        this.outcomes = new FailoverAnalysis.Result[context.jobs()];
        this.sentMillis = new long[context.jobs()];
    }

    ObjectNode run() {
        ObjectNode json = context.json("product");
        try (Driver driver = new Driver(context)) {
            driver.createJobTopics();
            simulator = driver.simulator();
            // the fallback model under the router's catalog name, with the scenario's latency; the primary up
            simulator.reconfigure("{\"models\":{\"" + settings.fallbackSimModel() + "\":" + settings.fallbackSimSpec()
                    + ",\"" + settings.primary().model() + "\":{\"faults\":{\"down\":null}}}}");
            simulator.clearLedger();
            Driver.announce("ROUTER_PORT=" + settings.routerPort());
            Placements placements = new Placements(context.jobs());
            try (Workers router = driver.awaitWorkers(1, "the router");
                    ResultLog results = driver.openResults(context.jobs()).onFirstResult(this::keep);
                    KafkaProducer<String, Object> producer =
                            BenchKafka.producer(context.bootstrap(), context.registryUrl(), 0)) {
                long started = System.nanoTime();
                Driver.await(
                        this::healthy,
                        () -> Workers.Pause.millis(200),
                        router::requireAlive,
                        context.startupTimeout(),
                        () -> "the router was not healthy within "
                                + context.startupTimeout().toSeconds() + " s");
                send(producer, placements, 0);
                producer.flush();
                Driver.await(
                        () -> results.finished(0),
                        () -> results.poll(Duration.ofMillis(50)),
                        router::requireAlive,
                        context.startupTimeout().minusNanos(System.nanoTime() - started),
                        () -> "the router answered no warm-up job within "
                                + context.startupTimeout().toSeconds() + " s of starting");
                Json.put(json, "startup_s", (System.nanoTime() - started) / 1e9, 2);
                Instant[] outage = steadyLoad(producer, placements, results, router, json);
                long drainEnd = System.nanoTime() + settings.drain().toNanos();
                while (results.finishedCount() < context.jobs() && System.nanoTime() < drainEnd) {
                    results.poll(Duration.ofMillis(100));
                    router.requireAlive();
                }
                Instant runEnd = Instant.now();
                driver.account(json, results, placements, context.jobs());
                analyze(driver.admin(), outage[0], outage[1], runEnd, json);
                Json.put(json, "worker_rss_mb", router.stats().rssPeakMb(), 1);
            }
            return driver.write(json);
        }
    }

    private void keep(CompletionResult result) {
        int index = JobMix.index(result.getJobId());
        List<FailoverAnalysis.Attempt> attempts = result.getAttempts().stream()
                .map(a -> new FailoverAnalysis.Attempt(
                        a.getProvider(), a.getModel(), a.getErrorMessage(), a.getStartedAt(), a.getDurationMs()))
                .toList();
        outcomes[index] = new FailoverAnalysis.Result(
                result.getJobId(),
                result.getStatus() != JobStatus.FAILED,
                result.getProvider(),
                result.getModel(),
                attempts);
    }

    /** Sends jobs 1… at the steady rate; takes the primary down and up on schedule; returns the outage's start and end. */
    private Instant[] steadyLoad(
            KafkaProducer<String, Object> producer,
            Placements placements,
            ResultLog results,
            Workers router,
            ObjectNode json) {
        int count = context.jobs() - 1;
        long interval = (long) (1e9 / settings.ratePerSecond());
        long runNanos = count * interval;
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicInteger sent = new AtomicInteger();
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        Thread sender = Thread.ofPlatform().name("failover-sender").start(() -> {
            for (int k = 0; k < count && failure.get() == null; k++) {
                long due = start + k * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                try {
                    send(producer, placements, k + 1);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
                sent.incrementAndGet();
            }
            producer.flush();
        });
        long downAt = start + (long) (runNanos * settings.outageFrom());
        long upAt = start + (long) (runNanos * settings.outageTo());
        Instant down = null;
        Instant up = null;
        while (sender.isAlive()) {
            results.poll(Duration.ofMillis(20));
            long now = System.nanoTime();
            if (down == null && now >= downAt) {
                simulator.reconfigure(primaryDown("\"REFUSE\""));
                down = Instant.now();
                System.err.println("[failover] primary down (REFUSE) after " + seconds(startedAt, down) + " s");
            }
            if (up == null && now >= upAt) {
                simulator.reconfigure(primaryDown("null"));
                up = Instant.now();
                System.err.println("[failover] primary up again after " + seconds(startedAt, up) + " s");
            }
            router.requireAlive();
        }
        Driver.join(sender, "sending jobs");
        if (failure.get() != null) {
            throw new IllegalStateException("could not send jobs", failure.get());
        }
        if (down == null || up == null) {
            throw new IllegalStateException("the run ended before the outage was over");
        }
        Json.put(json, "rate_per_s", settings.ratePerSecond(), 1);
        Json.put(json, "run_s", seconds(startedAt, Instant.now()), 2);
        Json.put(json, "outage_from_s", seconds(startedAt, down), 2);
        Json.put(json, "outage_to_s", seconds(startedAt, up), 2);
        this.startedAt = startedAt;
        return new Instant[] {down, up};
    }

    private Instant startedAt;

    private String primaryDown(String mode) {
        return "{\"models\":{\"" + settings.primary().model() + "\":{\"faults\":{\"down\":" + mode + "}}}}";
    }

    private void send(KafkaProducer<String, Object> producer, Placements placements, int index) {
        var job = JobMix.job(context.prefix(), index, Instant.now());
        sentMillis[index] = System.currentTimeMillis();
        producer.send(new ProducerRecord<>(context.requests(), job.getJobId(), job), (metadata, e) -> {
            if (e == null) {
                placements.record(index, metadata);
            } else {
                System.err.println("[failover] could not send job " + index + ": " + e);
            }
        });
    }

    private void analyze(Admin admin, Instant outageStart, Instant outageEnd, Instant runEnd, ObjectNode json) {
        JsonNode histories = Json.read(get(routerUri("/actuator/circuits/history")));
        JsonNode history = histories.path(settings.primary().key());
        List<FailoverAnalysis.Transition> transitions = new ArrayList<>();
        for (JsonNode t : history.path("transitions")) {
            transitions.add(new FailoverAnalysis.Transition(
                    Instant.parse(t.path("at").asString()),
                    t.path("from").asString(),
                    t.path("to").asString(),
                    t.path("inFlight").asInt()));
        }
        List<FailoverAnalysis.Call> ledger = simulator.ledger();
        long booked = simulator.calls().calls();
        List<FailoverAnalysis.Result> results = new ArrayList<>();
        for (FailoverAnalysis.Result r : outcomes) {
            if (r != null) {
                results.add(r);
            }
        }
        FailoverAnalysis.Outcome o = FailoverAnalysis.analyze(
                settings.primary(), settings.fallback(), transitions, ledger, results, outageEnd, runEnd);

        Json.put(json, "fallback_p50_ms", Stats.percentile(o.fallbackGapsMs(), 50), 1);
        Json.put(json, "fallback_p99_ms", Stats.percentile(o.fallbackGapsMs(), 99), 1);
        Json.put(json, "fallback_max_ms", Stats.percentile(o.fallbackGapsMs(), 100), 1);
        splitGaps(admin, o.gaps(), json);
        if (!o.openWindows().isEmpty()) {
            // after the first probe the router has forwarded jobs before: the fallback topic's
            // producer and consumer paths are warm (schema looked up, partitions fetched)
            Instant firstProbe = o.openWindows().getFirst().to();
            double[] later = o.gaps().stream()
                    .filter(g -> g.primaryEnd().isAfter(firstProbe))
                    .mapToDouble(g -> Duration.between(g.primaryEnd(), g.fallbackArrival())
                                    .toNanos()
                            / 1e6)
                    .toArray();
            json.put("fallback_later_jobs", later.length);
            Json.put(json, "fallback_later_p50_ms", Stats.percentile(later, 50), 1);
            Json.put(json, "fallback_later_p99_ms", Stats.percentile(later, 99), 1);
        }
        dispatchReference(ledger, json);
        json.put("fallback_jobs", o.fallbackJobs());
        json.put("fallback_after_failed_call", o.fallbackAfterFailedCall());
        json.put("fallback_after_circuit_skip", o.fallbackAfterSkip());
        json.put("fallback_calls_not_in_ledger", o.fallbackCallsNotInLedger());
        json.put("planned_on_fallback", o.servedByFallbackWithoutPrimary());
        json.put("primary_calls_while_open", o.primaryCallsWhileOpen());
        json.put("primary_calls_in_open_windows", o.primaryCallsInOpenWindows());
        json.put("primary_calls_refused", o.primaryCallsRefused());
        json.put("primary_probes", history.path("probes").asLong());
        json.put("open_windows", o.openWindows().size());
        if (!o.openWindows().isEmpty()) {
            Json.put(
                    json,
                    "opened_after_outage_start_ms",
                    Duration.between(outageStart, o.openWindows().getFirst().from())
                                    .toNanos()
                            / 1e6,
                    1);
        }
        Json.put(json, "primary_share_after_recovery", o.primaryShareAfterRecovery(), 4);
        json.put("calls_after_recovery", o.callsAfterRecovery());
        if (o.closedAfterOutage() != null) {
            Json.put(
                    json,
                    "closed_after_outage_end_ms",
                    Duration.between(outageEnd, o.closedAfterOutage()).toNanos() / 1e6,
                    1);
            Json.put(json, "closed_at_s", seconds(startedAt, o.closedAfterOutage()), 2);
        }
        json.put("ledger_entries", ledger.size());
        json.put("provider_calls", booked);
        json.put("ledger_complete", ledger.size() == booked);
        ArrayNode states = json.putArray("primary_circuit");
        for (FailoverAnalysis.Transition t : transitions) {
            ObjectNode node = states.addObject();
            Json.put(node, "at_s", seconds(startedAt, t.at()), 3);
            node.put("to", t.to());
            node.put("in_flight", t.inFlight());
        }
    }

    /**
     * Splits each fallback gap at the moment the router published the job to its fallback topic
     * (the record's timestamp, set by the router's producer): {@code fallback_publish_*} is the
     * router's time from the primary's failure to that send, {@code fallback_pickup_*} the time
     * from there to the fallback call reaching the simulator (broker, poll, dispatch, call).
     */
    private void splitGaps(Admin admin, List<FailoverAnalysis.Gap> gaps, ObjectNode json) {
        if (gaps.isEmpty()) {
            return;
        }
        java.util.Map<String, Long> forwarded = new java.util.HashMap<>();
        String topic = dev.conveyor.schemas.Topics.fallback(context.requests(), 1);
        try {
            if (!BenchKafka.readToEnd(
                    admin,
                    context.bootstrap(),
                    topic,
                    Duration.ofSeconds(30),
                    record -> forwarded.putIfAbsent(record.key(), record.timestamp()))) {
                System.err.println("[failover] read " + topic + " only in part within 30 s");
            }
        } catch (RuntimeException e) {
            System.err.println("[failover] could not read " + topic + ": " + e);
            return;
        }
        double[] publish = new double[gaps.size()];
        double[] pickup = new double[gaps.size()];
        int n = 0;
        for (FailoverAnalysis.Gap gap : gaps) {
            Long at = forwarded.get(gap.jobId());
            if (at != null) {
                publish[n] = at - gap.primaryEnd().toEpochMilli();
                pickup[n] = gap.fallbackArrival().toEpochMilli() - at;
                n++;
            }
        }
        publish = java.util.Arrays.copyOf(publish, n);
        pickup = java.util.Arrays.copyOf(pickup, n);
        Json.put(json, "fallback_publish_p50_ms", Stats.percentile(publish, 50), 1);
        Json.put(json, "fallback_publish_p99_ms", Stats.percentile(publish, 99), 1);
        Json.put(json, "fallback_pickup_p50_ms", Stats.percentile(pickup, 50), 1);
        Json.put(json, "fallback_pickup_p99_ms", Stats.percentile(pickup, 99), 1);
    }

    /**
     * For comparison with the fallback gap: how long an ordinary job takes from the driver's send
     * to its first call reaching the simulator (broker, poll, dispatch), over the jobs served by
     * the primary at their first attempt.
     */
    private void dispatchReference(List<FailoverAnalysis.Call> ledger, ObjectNode json) {
        java.util.Map<String, Instant> arrivals = new java.util.HashMap<>();
        ledger.forEach(call -> arrivals.putIfAbsent(call.requestId(), call.time()));
        double[] millis = new double[outcomes.length];
        int n = 0;
        for (int i = 1; i < outcomes.length; i++) {
            FailoverAnalysis.Result r = outcomes[i];
            if (r == null
                    || !r.attempts().isEmpty()
                    || !settings.primary().provider().equals(r.provider())) {
                continue;
            }
            Instant arrived = arrivals.get(dev.conveyor.schemas.EventIds.forCall(
                    r.jobId(),
                    0,
                    settings.primary().provider(),
                    settings.primary().model()));
            if (arrived != null) {
                millis[n++] = arrived.toEpochMilli() - sentMillis[i];
            }
        }
        millis = java.util.Arrays.copyOf(millis, n);
        Json.put(json, "dispatch_p50_ms", Stats.percentile(millis, 50), 1);
        Json.put(json, "dispatch_p99_ms", Stats.percentile(millis, 99), 1);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private URI routerUri(String path) {
        return URI.create("http://127.0.0.1:" + settings.routerPort() + path);
    }

    /** Whether the router's health endpoint answers 200 (false while it is not listening yet). */
    private boolean healthy() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(routerUri("/actuator/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the router", e);
        }
    }

    private String get(URI uri) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(uri + " is not answering: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + uri, e);
        }
    }
}
