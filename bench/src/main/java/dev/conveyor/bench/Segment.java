package dev.conveyor.bench;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
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
    private final Simulator simulator;

    private double cpuAtFirstResult = Double.NaN;

    Segment(Settings settings) {
        this.settings = settings;
        this.context = settings.context();
        this.simulator = new Simulator(context.simulatorUrl());
    }

    ObjectNode run() {
        ObjectNode json = context.json(settings.name());
        json.put("partitions", context.partitions());
        json.put("budget_s", settings.budget().toSeconds());
        try (Admin admin = BenchKafka.admin(context.bootstrap())) {
            BenchKafka.createTopics(admin, List.of(context.requests(), context.results()), context.partitions());
            simulator.clearLedger();
            Placements placements = new Placements(context.jobs() + MAX_PROBE_JOBS);
            Json.put(json, "backlog_produce_s", produceBacklog(placements), 2);
            long backlogDone = System.currentTimeMillis();
            System.out.println("BACKLOG_READY jobs=" + context.jobs());
            System.out.flush();
            long pid = WorkerPid.await(context.workerPidFile(), context.startupTimeout());
            long workerStarted = System.nanoTime();
            List<TopicPartition> resultPartitions = BenchKafka.partitions(admin, context.results());
            try (ProcessStats worker = ProcessStats.watch(pid);
                    ResultLog results = new ResultLog(
                            BenchKafka.resultConsumer(context.bootstrap(), context.registryUrl()),
                            resultPartitions,
                            settings.tag(),
                            context.jobs() + MAX_PROBE_JOBS)) {
                boolean complete = drainBacklog(results, worker, workerStarted, json);
                int audited = context.jobs();
                if (complete && !settings.probe().isZero()) {
                    audited += probe(admin, results, placements, json);
                }
                if (results.finishedBetween(0, audited) < audited) {
                    Audit.Outcome audit = context.audit(admin, placements, results, resultPartitions, audited);
                    json.put("lost", audit.lost());
                    json.put("pending_at_end", audit.pending());
                    ObjectNode detail = json.putObject("audit");
                    audit.groups().forEach(detail.putArray("groups")::add);
                    audit.topics().forEach(detail.putArray("topics")::add);
                } else {
                    json.put("lost", 0);
                    json.put("pending_at_end", 0);
                }
                summarizeBacklog(results, complete, json);
                long first = results.firstPublished(0, context.jobs());
                json.put("backlog_complete_before_first_result", first == 0 || first >= backlogDone);
                Simulator.Calls calls = simulator.settledCalls();
                json.put("provider_calls", calls.calls());
                json.put("provider_calls_failed", calls.calls() - calls.succeeded());
                json.put("result_duplicates", results.duplicates());
                json.put("results_failed", results.failed());
                if (results.failed() > 0) {
                    json.putPOJO("results_failed_by_error", new java.util.TreeMap<>(results.failedByErrorType()));
                }
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
        }
        Json.write(context.out(), json);
        return json;
    }

    private double produceBacklog(Placements placements) {
        return Backlog.produce(
                context.bootstrap(),
                context.registryUrl(),
                context.requests(),
                settings.tag(),
                context.jobs(),
                placements);
    }

    /** Reads results until every backlog job has one (true) or the budget from the first result is spent (false). */
    private boolean drainBacklog(ResultLog results, ProcessStats worker, long workerStarted, ObjectNode json) {
        int jobs = context.jobs();
        long firstReceived = 0;
        long nextAliveCheck = 0;
        while (results.finishedBetween(0, jobs) < jobs) {
            results.poll(Duration.ofMillis(100));
            long now = System.nanoTime();
            if (firstReceived == 0 && results.finishedCount() > 0) {
                firstReceived = now;
                cpuAtFirstResult = worker.cpuSeconds();
                Json.put(json, "startup_s", (now - workerStarted) / 1e9, 2);
            }
            if (firstReceived == 0
                    && now - workerStarted > context.startupTimeout().toNanos()) {
                throw new IllegalStateException(settings.name() + " published no result within "
                        + context.startupTimeout().toSeconds() + " s of starting");
            }
            if (now > nextAliveCheck) {
                if (!worker.alive()) {
                    throw new IllegalStateException(settings.name() + " worker exited during the run; see its log");
                }
                nextAliveCheck = now + 1_000_000_000L;
            }
            if (firstReceived != 0 && now - firstReceived > settings.budget().toNanos()) {
                return false;
            }
        }
        return true;
    }

    private void summarizeBacklog(ResultLog results, boolean complete, ObjectNode json) {
        int jobs = context.jobs();
        long first = results.firstPublished(0, jobs);
        long until = complete ? Long.MAX_VALUE : first + settings.budget().toMillis();
        long[] times = results.publishedTimes(0, jobs, until);
        json.put("mode", complete ? "all" : "window");
        json.put("finished", results.finishedBetween(0, jobs));
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

    private int probe(Admin admin, ResultLog results, Placements placements, ObjectNode json) {
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
                    context.bootstrap(),
                    admin,
                    context.prefix() + ".floor",
                    settings.database(),
                    node.putObject("floor"));
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
