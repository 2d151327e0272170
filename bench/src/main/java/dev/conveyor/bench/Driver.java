package dev.conveyor.bench;

import dev.conveyor.embedded.KafkaTopics;
import dev.conveyor.schemas.CompletionRequest;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import tools.jackson.databind.node.ObjectNode;

/**
 * The steps every scenario's driver shares, written once (bench/README.md, "Adding a scenario"):
 * create the run's topics, produce a backlog, announce a line to bench/run, wait for the processes
 * under test, read the result topic, wait for something while they live, account for every job
 * (lost, pending, failed, duplicated) and write the segment's JSON. A scenario's own class holds
 * only its setup, its faults and its figures.
 */
final class Driver implements AutoCloseable {

    private final RunContext context;
    private final Admin admin;
    private final Simulator simulator;

    Driver(RunContext context) {
        this.context = context;
        this.admin = BenchKafka.admin(context.bootstrap());
        this.simulator = context.simulatorUrl() == null ? null : new Simulator(context.simulatorUrl());
    }

    RunContext context() {
        return context;
    }

    Admin admin() {
        return admin;
    }

    /** The provider simulator; only for a run given {@code --simulator}. */
    Simulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("this run was given no --simulator");
        }
        return simulator;
    }

    /** Creates the run's request and result topics, each with the run's partitions. */
    void createJobTopics() {
        createTopics(context.requests(), context.results());
    }

    /**
     * Creates the topics the driver writes (or reads before a service it starts has created them),
     * each with the run's partitions: the broker creates none on first use.
     */
    void createTopics(String... names) {
        KafkaTopics.create(context.bootstrap(), context.partitions(), List.of(names));
    }

    /**
     * Produces jobs {@code 0..jobs-1} of the {@link JobMix} to the request topic, puts {@code
     * backlog_produce_s}, and answers where each landed ({@code capacity} jobs tracked).
     */
    Placements produceBacklog(ObjectNode json, int capacity) {
        return produceBacklog(json, capacity, UnaryOperator.identity());
    }

    /** As {@link #produceBacklog(ObjectNode, int)}, each job changed by {@code adjust} first (its id stays). */
    Placements produceBacklog(ObjectNode json, int capacity, UnaryOperator<CompletionRequest> adjust) {
        Placements placements = new Placements(capacity);
        double seconds = Backlog.produce(
                context.bootstrap(),
                context.registryUrl(),
                context.requests(),
                context.prefix(),
                context.jobs(),
                placements,
                adjust);
        Json.put(json, "backlog_produce_s", seconds, 2);
        return placements;
    }

    /** A line for bench/run, which waits for it ({@code BACKLOG_READY …}, {@code ROUTER_PORT=…}). */
    static void announce(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** The {@code count} processes bench/run started, from the run's process id file. */
    Workers awaitWorkers(int count, String what) {
        return Workers.await(context.workerPidFile(), count, context.startupTimeout(), what);
    }

    /** The result topic from its beginning; jobs {@code 0..capacity-1} of this run are tracked. */
    ResultLog openResults(int capacity) {
        return new ResultLog(
                BenchKafka.resultConsumer(context.bootstrap(), context.registryUrl()),
                BenchKafka.partitions(admin, context.results()),
                context.prefix(),
                capacity);
    }

    /**
     * Repeats {@code step} (a poll, a pause) until {@code done}, while {@code requireAlive} passes (the
     * processes under test live: {@code workers::requireAlive}); throws with
     * {@code failure}'s message once {@code timeout} has passed.
     */
    static void await(
            BooleanSupplier done, Runnable step, Runnable requireAlive, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure.get());
            }
            requireAlive.run();
            step.run();
        }
    }

    /** Reads results until the first arrives, while the workers live, at most the startup timeout. */
    void awaitFirstResult(ResultLog results, Workers workers) {
        await(
                () -> results.finishedCount() > 0,
                () -> results.poll(Duration.ofMillis(100)),
                workers::requireAlive,
                context.startupTimeout(),
                () -> "no result within " + context.startupTimeout().toSeconds() + " s of starting the worker(s)");
    }

    /** Waits for a thread the driver started (a sender); {@code what} names its work in the error. */
    static void join(Thread thread, String what) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
    }

    /**
     * What became of jobs {@code 0..jobs-1}: {@code finished}, {@code lost} and {@code
     * pending_at_end} (audited, with the groups and topics audited, only when some job has no
     * result), {@code results_failed} (by error type when any), {@code result_duplicates}.
     */
    void account(ObjectNode json, ResultLog results, Placements placements, int jobs) {
        json.put("finished", results.finishedBetween(0, jobs));
        if (results.finishedBetween(0, jobs) < jobs) {
            Audit.Outcome audit = new Audit(admin, context.bootstrap())
                    .run(context.groups(), context.requests(), placements, results, context.prefix(), jobs);
            json.put("lost", audit.lost());
            json.put("pending_at_end", audit.pending());
            ObjectNode detail = json.putObject("audit");
            audit.groups().forEach(detail.putArray("groups")::add);
            audit.topics().forEach(detail.putArray("topics")::add);
        } else {
            json.put("lost", 0);
            json.put("pending_at_end", 0);
        }
        json.put("results_failed", results.failed());
        if (results.failed() > 0) {
            json.putPOJO("results_failed_by_error", new TreeMap<>(results.failedByErrorType()));
        }
        json.put("result_duplicates", results.duplicates());
    }

    /** Writes the segment's JSON where bench/run expects it, and answers it. */
    ObjectNode write(ObjectNode json) {
        Json.write(context.out(), json);
        return json;
    }

    @Override
    public void close() {
        admin.close();
    }
}
