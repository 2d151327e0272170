package dev.conveyor.bench;

import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import tools.jackson.databind.node.ObjectNode;

/**
 * One segment of a scenario: one worker (the product or a baseline) against fresh topics. The
 * driver produces the whole job set as a backlog, announces {@code BACKLOG_READY} on stdout, waits
 * for bench/run to start the worker and write its process id to a file, then reads results until
 * every job has one or the time budget runs out (a <em>window</em>); measures a latency probe when
 * asked; audits lost jobs; and writes what it measured as JSON.
 */
final class Segment {

    /** Most probe jobs one segment sends. */
    static final int MAX_PROBE_JOBS = 50_000;

    /**
     * The pause between the backlog's last result and the probe's first job. The probe measures a
     * steady load, and right after a backlog of 200,000 jobs the system is not steady yet: what the
     * backlog left behind (the worker's queued cache writes, among others) stalled the probe's first
     * seconds by up to 0.4 s without this pause.
     */
    static final Duration PROBE_SETTLE = Duration.ofSeconds(5);

    record Settings(
            String name,
            RunContext context,
            Duration budget,
            Duration probe,
            double probeFraction,
            String workerMetricsUrl,
            LedgerDatabase.Login database) {

        /** Job ids are {@code TAG-INDEX}; the prefix is unique per run and segment. */
        String tag() {
            return context.prefix();
        }
    }

    private final Settings settings;
    private final RunContext context;

    private double cpuAtFirstResult = Double.NaN;

    Segment(Settings settings) {
        this.settings = settings;
        this.context = settings.context();
    }

    ObjectNode run() {
        ObjectNode json = context.json(settings.name());
        json.put("partitions", context.partitions());
        json.put("budget_s", settings.budget().toSeconds());
        try (Driver driver = new Driver(context)) {
            driver.createJobTopics();
            driver.simulator().clearLedger();
            Placements placements = driver.produceBacklog(json, context.jobs() + MAX_PROBE_JOBS);
            long backlogDone = System.currentTimeMillis();
            Driver.announce("BACKLOG_READY jobs=" + context.jobs());
            try (Workers workers = driver.awaitWorkers(1, settings.name() + " worker");
                    ResultLog results = driver.openResults(context.jobs() + MAX_PROBE_JOBS)) {
                long workerStarted = System.nanoTime();
                ProcessStats worker = workers.stats();
                boolean complete = drainBacklog(driver, results, workers, workerStarted, json);
                int audited = context.jobs();
                if (complete && !settings.probe().isZero()) {
                    audited += probe(results, placements, json);
                }
                driver.account(json, results, placements, audited);
                summarizeBacklog(results, complete, json);
                long first = results.firstPublished(0, context.jobs());
                json.put("backlog_complete_before_first_result", first == 0 || first >= backlogDone);
                Simulator.Calls calls = driver.simulator().settledCalls();
                json.put("provider_calls", calls.calls());
                json.put("provider_calls_failed", calls.calls() - calls.succeeded());
                double cpu = worker.cpuSeconds() - cpuAtFirstResult;
                Json.put(json, "worker_cpu_s", cpu, 1);
                int served = results.finishedCount();
                if (served > 0) {
                    // includes the probe's jobs when there was one; start-up is left out
                    Json.put(json, "worker_cpu_ms_per_job", cpu * 1000 / served, 3);
                }
                Json.put(json, "worker_rss_mb", worker.rssPeakMb(), 1);
                Json.put(json, "heap_max_mb", worker.heapPeakMb(), 1);
            }
            return driver.write(json);
        }
    }

    /** Reads results until every backlog job has one (true) or the budget from the first result is spent (false). */
    private boolean drainBacklog(
            Driver driver, ResultLog results, Workers workers, long workerStarted, ObjectNode json) {
        int jobs = context.jobs();
        driver.awaitFirstResult(results, workers);
        long firstReceived = System.nanoTime();
        cpuAtFirstResult = workers.stats().cpuSeconds();
        Json.put(json, "startup_s", (firstReceived - workerStarted) / 1e9, 2);
        while (results.finishedBetween(0, jobs) < jobs) {
            if (System.nanoTime() - firstReceived > settings.budget().toNanos()) {
                return false;
            }
            workers.requireAlive();
            results.poll(Duration.ofMillis(100));
        }
        return true;
    }

    private void summarizeBacklog(ResultLog results, boolean complete, ObjectNode json) {
        int jobs = context.jobs();
        long first = results.firstPublished(0, jobs);
        long until = complete ? Long.MAX_VALUE : first + settings.budget().toMillis();
        long[] times = results.publishedTimes(0, jobs, until);
        json.put("mode", complete ? "all" : "window");
        json.put("finished", results.finishedBetween(0, jobs)); // the backlog's, without the probe's jobs
        json.put("finished_in_window", times.length);
        if (!complete) {
            json.put("window_s", settings.budget().toSeconds());
        }
        Json.put(json, "jobs_per_s", Stats.steadyRate(times), 1);
        if (complete && times.length > 1) {
            long last = java.util.Arrays.stream(times).max().orElse(first);
            Json.put(json, "makespan_s", (last - first) / 1000.0, 2);
            Json.put(json, "makespan_jobs_per_s", times.length * 1000.0 / Math.max(1, last - first), 1);
        }
    }

    private int probe(ResultLog results, Placements placements, ObjectNode json) {
        long[] times = results.publishedTimes(0, context.jobs(), Long.MAX_VALUE);
        double steady = Stats.steadyRate(times);
        if (Double.isNaN(steady)) {
            return 0;
        }
        double rate = Math.max(1, steady * settings.probeFraction());
        int count = (int) Math.min(
                MAX_PROBE_JOBS - 1, Math.max(20, rate * settings.probe().toMillis() / 1000.0));
        Probe.Result probe;
        try {
            Thread.sleep(PROBE_SETTLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        ObjectNode node = json.putObject("probe");
        Json.put(node, "settle_s", PROBE_SETTLE.toMillis() / 1000.0, 1);
        if (settings.workerMetricsUrl() != null) { // the product's: the floor under its overhead
            Floor.measure(
                    context.bootstrap(), context.prefix() + ".floor", settings.database(), node.putObject("floor"));
        }
        WorkerHistogram overheadBefore = overhead();
        try (KafkaProducer<String, Object> producer =
                BenchKafka.producer(context.bootstrap(), context.registryUrl(), 0)) {
            probe = new Probe(producer, results, placements, context.requests(), settings.tag())
                    .run(context.jobs(), count, rate, Duration.ofSeconds(30));
        }
        WorkerHistogram overheadAfter = overhead();
        node.put("jobs", probe.jobs());
        Json.put(node, "rate_per_s", probe.ratePerSecond(), 1);
        node.put("missing", probe.missing());
        Json.put(node, "e2e_p50_ms", Stats.percentile(probe.e2eMillis(), 50), 2);
        Json.put(node, "e2e_p99_ms", Stats.percentile(probe.e2eMillis(), 99), 2);
        Json.put(node, "e2e_max_ms", Stats.percentile(probe.e2eMillis(), 100), 2);
        if (overheadBefore != null && overheadAfter != null) {
            // the router's own time per job in the probe's window, from its histogram (bucket bounds)
            WorkerHistogram window = overheadAfter.since(overheadBefore);
            node.put("router_jobs", window.count());
            Json.put(node, "router_overhead_p50_ms", window.percentile(50) * 1000, 2);
            Json.put(node, "router_overhead_p99_ms", window.percentile(99) * 1000, 2);
        }
        return count + 1;
    }

    /** The worker's overhead histogram now, or null for a worker that exposes none (a baseline). */
    private WorkerHistogram overhead() {
        return settings.workerMetricsUrl() == null
                ? null
                : WorkerHistogram.read(settings.workerMetricsUrl(), "conveyor_dispatch_overhead_seconds");
    }
}
