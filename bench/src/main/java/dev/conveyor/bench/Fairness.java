package dev.conveyor.bench;

import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fairness scenario's driver, one segment (bench/README.md, "fairness"): tenant A's backlog on
 * the bulk lane before the worker starts; {@code delay} after the worker's first result, tenant C's
 * jobs on bulk and tenant B's on interactive. Job indexes: A {@code 0..a-1} (its last {@code doomed}
 * with a deadline {@code doomedWindow} after submission, which the backlog cannot meet), C next,
 * then B. Reads every result, then measures B's time from submission to result, C's share of the
 * slots while A and C both had work, the rate, lost jobs, and jobs billed after their deadline.
 */
final class Fairness {

    static final String A = "tenant-a";
    static final String B = "tenant-b";
    static final String C = "tenant-c";

    record Settings(
            RunContext context,
            String segment,
            int a,
            int c,
            int b,
            int doomed,
            Duration doomedWindow,
            Duration delay,
            Duration budget,
            long latencyMillis,
            String metricsUrl) {

        int total() {
            return a + c + b;
        }
    }

    private final Settings settings;
    private final RunContext context;
    private final long[] submittedMillis;
    private final long[] deadlineMillis;
    private final boolean[] paidAfterDeadline;
    private final boolean[] noCall;

    Fairness(Settings settings) {
        this.settings = settings;
        this.context = settings.context();
        this.submittedMillis = new long[settings.total()];
        this.deadlineMillis = new long[settings.total()];
        this.paidAfterDeadline = new boolean[settings.total()];
        this.noCall = new boolean[settings.total()];
    }

    ObjectNode run() {
        ObjectNode json = context.json(settings.segment());
        String bulk = context.requests();
        String interactive = Topics.lane(bulk, Topics.INTERACTIVE);
        int total = settings.total();
        try (Driver driver = new Driver(context)) {
            driver.createTopics(bulk, interactive, context.results());
            Placements placements = new Placements(total);
            try (KafkaProducer<String, Object> producer =
                    BenchKafka.producer(context.bootstrap(), context.registryUrl(), 10)) {
                long started = System.nanoTime();
                send(producer, bulk, A, 0, settings.a(), placements);
                Json.put(json, "backlog_produce_s", (System.nanoTime() - started) / 1e9, 2);
                Driver.announce("BACKLOG_READY");
                try (Workers workers = driver.awaitWorkers(1, "the router");
                        ResultLog results = driver.openResults(total).onFirstResult(this::keep)) {
                    driver.awaitFirstResult(results, workers);
                    long later = System.nanoTime() + settings.delay().toNanos();
                    Driver.await(
                            () -> System.nanoTime() >= later,
                            () -> results.poll(Duration.ofMillis(100)),
                            workers::requireAlive,
                            settings.delay().plusSeconds(30),
                            () -> "the delay did not pass");
                    int c0 = settings.a();
                    int b0 = c0 + settings.c();
                    send(producer, interactive, B, b0, total, placements);
                    send(producer, bulk, C, c0, b0, placements);
                    long end = System.nanoTime() + settings.budget().toNanos();
                    while (results.finishedCount() < total && System.nanoTime() < end) {
                        workers.requireAlive();
                        results.poll(Duration.ofMillis(100));
                    }
                    json.put("mode", results.finishedCount() < total ? "window" : "all");
                    measure(json, results, c0, b0);
                    if (settings.metricsUrl() != null) {
                        try {
                            slotWaits(json, settings.metricsUrl());
                        } catch (RuntimeException e) {
                            json.put("slot_wait_mean_s", "unreadable: " + e.getMessage());
                        }
                    }
                    driver.account(json, results, placements, b0);
                    int bMissing = settings.b() - results.finishedBetween(b0, total);
                    json.put("lost", json.path("lost").asInt() + bMissing);
                }
            }
            json.put("paid_after_deadline", count(paidAfterDeadline));
            json.put("deadline_exceeded_without_call", count(noCall));
            return driver.write(json);
        }
    }

    /**
     * Each tenant's mean wait for a call slot in the worker ({@code conveyor_scheduler_wait_seconds}
     * sum over count), to tell the scheduler's share of B's time from the rest.
     */
    private static void slotWaits(ObjectNode json, String metricsUrl) {
        String text = WorkerMetrics.read(metricsUrl);
        ObjectNode waits = json.putObject("slot_wait_mean_s");
        for (String tenant : java.util.List.of(A, B, C)) {
            double sum = WorkerMetrics.sum(text, "conveyor_scheduler_wait_seconds_sum", "tenant=\"" + tenant + "\"");
            double count =
                    WorkerMetrics.sum(text, "conveyor_scheduler_wait_seconds_count", "tenant=\"" + tenant + "\"");
            Json.put(waits, tenant, count == 0 ? Double.NaN : sum / count, 3);
        }
    }

    /** Sends jobs {@code from..to-1} for the tenant to the topic, recording when each was sent. */
    private void send(
            KafkaProducer<String, Object> producer,
            String topic,
            String tenant,
            int from,
            int to,
            Placements placements) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = from; i < to && failure.get() == null; i++) {
            Instant now = Instant.now();
            CompletionRequest.Builder job = CompletionRequest.newBuilder(JobMix.job(context.prefix(), i, now))
                    .setTenantId(tenant);
            if (tenant.equals(A) && i >= settings.a() - settings.doomed()) {
                Instant deadline = now.plus(settings.doomedWindow());
                job.setDeadline(deadline);
                deadlineMillis[i] = deadline.toEpochMilli();
            }
            submittedMillis[i] = now.toEpochMilli();
            CompletionRequest request = job.build();
            producer.send(new ProducerRecord<>(topic, request.getJobId(), request), placements.recorder(i, failure));
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("could not produce " + tenant + "'s jobs", failure.get());
        }
    }

    /**
     * A job with a deadline counts as paid after it when its result is billed and its call could not
     * have started before the deadline: completion minus the simulator's fixed latency is later
     * (conservative: a call that started just in time but finished late counts too).
     */
    private void keep(CompletionResult result) {
        int i = JobMix.index(result.getJobId());
        if (i < 0 || i >= deadlineMillis.length || deadlineMillis[i] == 0) {
            return;
        }
        boolean billed = result.getUsage() != null && result.getUsage().getInputTokens() > 0;
        long callStartedBy = result.getCompletedAt().toEpochMilli() - settings.latencyMillis();
        paidAfterDeadline[i] = billed && callStartedBy > deadlineMillis[i];
        noCall[i] =
                result.getStatus() == JobStatus.FAILED && "DEADLINE_EXCEEDED".equals(result.getErrorType()) && !billed;
    }

    private void measure(ObjectNode json, ResultLog results, int c0, int b0) {
        int total = settings.total();
        double[] bSeconds = IntStream.range(b0, total)
                .filter(results::finished)
                .mapToDouble(i -> (results.publishedMillis(i) - submittedMillis[i]) / 1000.0)
                .toArray();
        Arrays.sort(bSeconds);
        Json.put(json, "b_p50_s", bSeconds.length == 0 ? Double.NaN : Stats.percentile(bSeconds, 50), 3);
        Json.put(json, "b_p99_s", bSeconds.length == 0 ? Double.NaN : Stats.percentile(bSeconds, 99), 3);
        Json.put(json, "b_max_s", bSeconds.length == 0 ? Double.NaN : bSeconds[bSeconds.length - 1], 3);
        // Both A and C have work from C's first submission until the first of them has its last result.
        long from = Arrays.stream(submittedMillis, c0, b0).min().orElse(0);
        long until = Math.min(lastPublished(results, 0, settings.a()), lastPublished(results, c0, b0));
        long aCalls = called(results, 0, settings.a(), from, until);
        long cCalls = called(results, c0, b0, from, until);
        Json.put(json, "c_share", aCalls + cCalls == 0 ? Double.NaN : cCalls / (double) (aCalls + cCalls), 3);
        json.put("c_share_window_s", Math.max(0, until - from) / 1000.0);
        long first = IntStream.range(0, total)
                .filter(results::finished)
                .mapToLong(results::publishedMillis)
                .min()
                .orElse(0);
        long last = lastPublished(results, 0, total);
        Json.put(
                json, "jobs_per_s", last > first ? results.finishedCount() / ((last - first) / 1000.0) : Double.NaN, 1);
        json.put("finished_all", results.finishedCount());
    }

    private static long lastPublished(ResultLog results, int from, int to) {
        return IntStream.range(from, to)
                .filter(results::finished)
                .mapToLong(results::publishedMillis)
                .max()
                .orElse(0);
    }

    /** Results of jobs {@code from..to-1} published in the window that took a call slot (not failed for their deadline unasked). */
    private long called(ResultLog results, int from, int to, long windowFrom, long windowTo) {
        return IntStream.range(from, to)
                .filter(results::finished)
                .filter(i -> !noCall[i])
                .mapToLong(results::publishedMillis)
                .filter(t -> t >= windowFrom && t <= windowTo)
                .count();
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean flag : flags) {
            if (flag) {
                n++;
            }
        }
        return n;
    }
}
