package dev.conveyor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code rate-limit} scenario's driver: produces a backlog larger than the limits let the
 * workers finish, waits for bench/run to start the workers (their process ids, one a line, in a
 * file), then lets them run for a whole number of the simulator's limit windows after a warm-up,
 * and measures at the simulator what the limits allowed and what the workers achieved (see
 * {@link RateLimitMeasure}). With {@code kill-one} it prints {@code KILL_ONE PID} in the middle of
 * the steady span, for bench/run to SIGKILL that worker. Lost jobs are audited in the router's
 * consumer groups at the end.
 */
final class RateLimitRun {

    record Settings(
            RunContext context,
            Duration window,
            int warmResults,
            int warmupWindows,
            int windows,
            int workers,
            boolean killOne,
            List<ProviderLimit> limits,
            Map<String, String> modelByTask) {}

    private final Settings settings;
    private final RunContext context;
    private final Simulator simulator;

    RateLimitRun(Settings settings) {
        this.settings = settings;
        this.context = settings.context();
        this.simulator = new Simulator(context.simulatorUrl());
    }

    ObjectNode run() {
        ObjectNode json = context.json("product");
        json.put("workers", settings.workers());
        try (Admin admin = BenchKafka.admin(context.bootstrap())) {
            BenchKafka.createTopics(admin, List.of(context.requests(), context.results()), context.partitions());
            simulator.clearLedger();
            Placements placements = new Placements(context.jobs());
            Json.put(
                    json,
                    "backlog_produce_s",
                    Backlog.produce(
                            context.bootstrap(),
                            context.registryUrl(),
                            context.requests(),
                            context.prefix(),
                            context.jobs(),
                            placements),
                    2);
            System.out.println("BACKLOG_READY jobs=" + context.jobs());
            System.out.flush();
            List<Long> pids = awaitWorkerPids();
            long started = System.currentTimeMillis();
            List<TopicPartition> resultPartitions = BenchKafka.partitions(admin, context.results());
            try (ResultLog results = new ResultLog(
                    BenchKafka.resultConsumer(context.bootstrap(), context.registryUrl()),
                    resultPartitions,
                    context.prefix(),
                    context.jobs())) {
                long first = awaitFirstResult(results, pids, started);
                Json.put(json, "startup_s", (first - started) / 1000.0, 2);
                long warm = awaitWarm(results, pids, first);
                Json.put(json, "warm_s", (warm - first) / 1000.0, 2);
                RateLimitMeasure measure = measure(warm);
                Optional<Long> killed = runSteadySpan(results, pids, measure);
                killed.ifPresent(pid -> json.put("killed_worker_pid", pid));
                json.put("steady_from_ms", measure.from());
                json.put("steady_to_ms", measure.to());
                json.put("steady_s", (measure.to() - measure.from()) / 1000.0);
                Audit.Outcome audit = context.audit(admin, placements, results, resultPartitions, context.jobs());
                json.put("lost", audit.lost());
                json.put("pending_at_end", audit.pending());
                json.put("finished", results.finishedCount());
                json.put("results_failed", results.failed());
                json.put("result_duplicates", results.duplicates());
                ObjectNode detail = json.putObject("audit");
                audit.groups().forEach(detail.putArray("groups")::add);
                audit.topics().forEach(detail.putArray("topics")::add);
                // false when the backlog ran out: the workers were not limit-bound to the end
                json.put("backlog_left_at_end", results.finishedCount() < context.jobs());
                List<SimCall> ledger = simulator.admittedCalls();
                measure.write(ledger, json);
                writeLedger(ledger);
            }
        }
        Json.write(context.out(), json);
        return json;
    }

    /** The simulator's ledger beside the segment's JSON ({@code ledger.csv}), for looking into a run. */
    private void writeLedger(List<SimCall> ledger) {
        StringBuilder csv = new StringBuilder("time_ms,model,status,input_tokens\n");
        ledger.forEach(c -> csv.append(c.timeMillis())
                .append(',')
                .append(c.model())
                .append(',')
                .append(c.status())
                .append(',')
                .append(c.inputTokens())
                .append('\n'));
        try {
            Files.writeString(context.out().resolveSibling("ledger.csv"), csv);
        } catch (IOException e) {
            System.err.println("bench: could not write the ledger beside " + context.out() + ": " + e);
        }
    }

    /** The steady span: whole windows, from the first boundary after the workers are warm, plus warm-up windows. */
    private RateLimitMeasure measure(long warm) {
        long length = settings.window().toMillis();
        long from = (Math.floorDiv(warm, length) + 1 + settings.warmupWindows()) * length;
        return new RateLimitMeasure(
                settings.limits(),
                JobMix.meanMaxTokensByModel(settings.modelByTask(), context.jobs()),
                length,
                from,
                settings.windows());
    }

    private List<Long> awaitWorkerPids() {
        long deadline = System.nanoTime() + context.startupTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(context.workerPidFile())) {
                    List<Long> pids = new ArrayList<>();
                    for (String line : Files.readAllLines(context.workerPidFile())) {
                        if (!line.isBlank()) {
                            pids.add(Long.parseLong(line.trim()));
                        }
                    }
                    if (pids.size() >= settings.workers()) {
                        return pids;
                    }
                }
                Thread.sleep(100);
            } catch (IOException | NumberFormatException e) {
                // being written; read again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the workers", e);
            }
        }
        throw new IllegalStateException(settings.workers() + " worker process ids not in " + context.workerPidFile()
                + " within " + context.startupTimeout().toSeconds() + " s");
    }

    private long awaitFirstResult(ResultLog results, List<Long> pids, long started) {
        while (results.finishedCount() == 0) {
            results.poll(Duration.ofMillis(100));
            if (System.currentTimeMillis() - started > context.startupTimeout().toMillis()) {
                throw new IllegalStateException(
                        "no result within " + context.startupTimeout().toSeconds() + " s of starting the workers");
            }
            requireAlive(pids, null);
        }
        return results.firstPublished(0, context.jobs());
    }

    /**
     * Waits until {@code warm-results} jobs have results: the workers' first wave of jobs in flight
     * has gone all the way through (its serializers have fetched their schemas from the registry,
     * its connections are open), so what follows is the workers' steady state, not their start-up.
     */
    private long awaitWarm(ResultLog results, List<Long> pids, long first) {
        long deadline = System.currentTimeMillis() + context.startupTimeout().toMillis();
        while (results.finishedCount() < settings.warmResults()) {
            results.poll(Duration.ofMillis(100));
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("only " + results.finishedCount() + " of the first "
                        + settings.warmResults() + " jobs had results within "
                        + context.startupTimeout().toSeconds() + " s of the first one");
            }
            requireAlive(pids, null);
        }
        return Math.max(first, System.currentTimeMillis());
    }

    /** Reads results until the steady span has ended; in the middle of it, asks bench/run to kill one worker. */
    private Optional<Long> runSteadySpan(ResultLog results, List<Long> pids, RateLimitMeasure measure) {
        long killAt = measure.from()
                + (measure.to() - measure.from()) / 2
                + settings.window().toMillis() / 4;
        Long killed = null;
        long nextAliveCheck = 0;
        while (System.currentTimeMillis() < measure.to()) {
            results.poll(Duration.ofMillis(100));
            long now = System.currentTimeMillis();
            if (settings.killOne() && killed == null && now >= killAt) {
                killed = pids.getFirst();
                System.out.println("KILL_ONE " + killed);
                System.out.flush();
            }
            if (now > nextAliveCheck) {
                requireAlive(pids, killed);
                nextAliveCheck = now + 1000;
            }
        }
        return Optional.ofNullable(killed);
    }

    private static void requireAlive(List<Long> pids, Long killed) {
        for (long pid : pids) {
            if (killed != null && killed == pid) {
                continue;
            }
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("worker " + pid + " exited during the run; see its log");
            }
        }
    }
}
