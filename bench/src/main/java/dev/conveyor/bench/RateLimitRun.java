package dev.conveyor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    RateLimitRun(Settings settings) {
        this.settings = settings;
        this.context = settings.context();
    }

    ObjectNode run() {
        ObjectNode json = context.json("product");
        json.put("workers", settings.workers());
        try (Driver driver = new Driver(context)) {
            driver.createJobTopics();
            driver.simulator().clearLedger();
            Placements placements = driver.produceBacklog(json, context.jobs());
            Driver.announce("BACKLOG_READY jobs=" + context.jobs());
            try (Workers workers = driver.awaitWorkers(settings.workers(), "worker");
                    ResultLog results = driver.openResults(context.jobs())) {
                long started = System.currentTimeMillis();
                driver.awaitFirstResult(results, workers);
                long first = results.firstPublished(0, context.jobs());
                Json.put(json, "startup_s", (first - started) / 1000.0, 2);
                // the workers' first wave of jobs in flight has gone all the way through (its
                // serializers have fetched their schemas from the registry, its connections are
                // open), so what follows is the workers' steady state, not their start-up
                Driver.await(
                        () -> results.finishedCount() >= settings.warmResults(),
                        () -> results.poll(Duration.ofMillis(100)),
                        workers::requireAlive,
                        context.startupTimeout(),
                        () -> "only " + results.finishedCount() + " of the first " + settings.warmResults()
                                + " jobs had results within "
                                + context.startupTimeout().toSeconds()
                                + " s of the first one");
                long warm = Math.max(first, System.currentTimeMillis());
                Json.put(json, "warm_s", (warm - first) / 1000.0, 2);
                RateLimitMeasure measure = measure(warm);
                Optional<Long> killed = runSteadySpan(results, workers, measure);
                killed.ifPresent(pid -> json.put("killed_worker_pid", pid));
                json.put("steady_from_ms", measure.from());
                json.put("steady_to_ms", measure.to());
                json.put("steady_s", (measure.to() - measure.from()) / 1000.0);
                driver.account(json, results, placements, context.jobs());
                // false when the backlog ran out: the workers were not limit-bound to the end
                json.put("backlog_left_at_end", results.finishedCount() < context.jobs());
                List<SimCall> ledger = driver.simulator().admittedCalls();
                writeLedger(ledger);
                measure.requireLimitedModels(ledger);
                measure.write(ledger, json);
            }
            return driver.write(json);
        }
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

    /** Reads results until the steady span has ended; in the middle of it, asks bench/run to kill one worker. */
    private Optional<Long> runSteadySpan(ResultLog results, Workers workers, RateLimitMeasure measure) {
        long killAt = measure.from()
                + (measure.to() - measure.from()) / 2
                + settings.window().toMillis() / 4;
        Long killed = null;
        while (System.currentTimeMillis() < measure.to()) {
            results.poll(Duration.ofMillis(100));
            if (settings.killOne() && killed == null && System.currentTimeMillis() >= killAt) {
                killed = workers.pids().getFirst();
                workers.expectExit(killed);
                Driver.announce("KILL_ONE " + killed);
            }
            workers.requireAlive();
        }
        return Optional.ofNullable(killed);
    }
}
