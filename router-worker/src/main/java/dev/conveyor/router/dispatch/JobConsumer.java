package dev.conveyor.router.dispatch;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.dispatch.engine.DispatchEngine;
import dev.conveyor.router.dispatch.engine.DispatchSettings;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.DeadLetterHeaders.Poison;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the dispatch engine over every lane's request and fallback topics for as long as the
 * application runs, with the router's whole failure policy:
 *
 * <ul>
 *   <li>Poison (undecodable bytes, an unknown schema id, no value, a record of another schema) goes
 *       to the DLT at once, with its kind in {@code conveyor.error.type}; the partition flows on.
 *   <li>A job whose handling fails because PostgreSQL, the broker or the registry is unavailable is
 *       handled again, with backoff, for as long as the outage lasts, on its own thread: its
 *       partition's commit waits at it while the records behind it flow.
 *   <li>A job that fails for a reason of its own ({@link Failures#TERMINAL}, or unrecognised three
 *       times in a row) is finished as FAILED, and goes to the DLT with the reason.
 *   <li>Every DLT write and every outcome is published until the broker acknowledges it.
 * </ul>
 */
class JobConsumer implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(JobConsumer.class);
    private static final int UNKNOWN_FAILURE_TRIES = 3;

    private final Map<String, Object> consumerConfig;
    /** Topics of each engine by its name: one engine per lane when scheduling, else one for all. */
    private final Map<String, List<String>> engineTopics;

    private final JobProcessor processor;
    private final DeadLetters deadLetters;
    private final Decoder decoder;
    private final UntilDone untilDone;
    private final Pauser pauser;
    private final DispatchSettings settings;
    private final MeterRegistry meters;
    private volatile List<DispatchEngine<Object>> engines;

    JobConsumer(
            Map<String, Object> consumerConfig,
            RouterSettings.Topics topics,
            JobProcessor processor,
            DeadLetters deadLetters,
            Decoder decoder,
            UntilDone untilDone,
            Pauser pauser,
            DispatchSettings settings,
            boolean enginePerLane,
            MeterRegistry meters) {
        this.consumerConfig = consumerConfig;
        this.engineTopics = engineTopics(topics, enginePerLane);
        this.processor = processor;
        this.deadLetters = deadLetters;
        this.decoder = decoder;
        this.untilDone = untilDone;
        this.pauser = pauser;
        this.settings = settings;
        this.meters = meters;
    }

    void process(ConsumerRecord<String, Object> record) throws InterruptedException {
        if (record.value() == null) {
            deadLetters.decodedPoison(
                    record,
                    Poison.NO_VALUE,
                    "the record has no value (a tombstone); a job" + " is a CompletionRequest keyed by its job id");
            return;
        }
        if (!(record.value() instanceof CompletionRequest job)) {
            deadLetters.decodedPoison(
                    record,
                    Poison.WRONG_SCHEMA,
                    "expected a CompletionRequest, got a "
                            + record.value().getClass().getSimpleName() + "; was it produced to the wrong topic?");
            return;
        }
        Origin origin = Origin.of(record);
        Duration pause = UntilDone.Backoff.DEFAULT.initial();
        for (int unknownTries = 0; ; ) {
            try {
                processor.process(origin, job);
                return;
            } catch (UntilDone.Abandoned e) {
                throw e;
            } catch (RuntimeException e) {
                Failures kind = Failures.of(e);
                if (kind == Failures.TERMINAL
                        || (kind == Failures.UNKNOWN && ++unknownTries >= UNKNOWN_FAILURE_TRIES)) {
                    log.error("Job {} cannot be handled; it fails and goes to the DLT", job.getJobId(), e);
                    processor.failForGood(origin, job, "PROCESSING_FAILED", describe(e));
                    return;
                }
                if (!untilDone.running()) {
                    throw new UntilDone.Abandoned("job " + job.getJobId(), e);
                }
                log.warn("Job {} could not be handled ({}), trying again: {}", job.getJobId(), kind, e.toString());
                pauser.pause(pause);
                pause = UntilDone.Backoff.DEFAULT.after(pause);
            }
        }
    }

    /**
     * A record the consumer could not decode. It is decoded once more here, where the real cause can
     * be seen (the consumer's error-handling deserializer passes on only a copy of its message): while
     * the registry is unreachable that is retried until it answers, and the job is handled; otherwise
     * the record goes to the DLT as the bytes that arrived, with its kind of poison.
     */
    private void onPoison(ConsumerRecord<byte[], byte[]> raw) throws InterruptedException {
        Object value;
        try {
            value = untilDone.call(
                    "decoding " + raw.topic() + "-" + raw.partition() + "@" + raw.offset(),
                    () -> decoder.decode(raw.topic(), raw.headers(), raw.value()));
        } catch (UntilDone.Abandoned e) {
            throw e;
        } catch (RuntimeException e) {
            deadLetters.poison(raw, Decoder.kindOf(e), e);
            return;
        }
        process(Decoder.decoded(raw, value));
    }

    private void onFailure(ConsumerRecord<String, Object> record, Exception error) {
        if (error instanceof InterruptedException) {
            throw new UntilDone.Abandoned("job " + record.key(), error);
        }
        deadLetters.failed(record, error);
    }

    /**
     * One engine, with its own consumer and fetch-ahead, per lane: a lane's records are fetched and
     * reach the scheduler without waiting behind what another lane's consumer has buffered. (One
     * consumer for all lanes hands records out in fetch order, so a fresh interactive job would wait
     * behind every bulk record already fetched.) Without scheduling, one engine for every topic.
     */
    private static Map<String, List<String>> engineTopics(RouterSettings.Topics topics, boolean perLane) {
        Map<String, List<String>> byEngine = new java.util.LinkedHashMap<>();
        if (!perLane) {
            byEngine.put("router", topics.consumed());
            return byEngine;
        }
        topics.lanes().forEach((lane, settings) -> {
            List<String> own = new java.util.ArrayList<>(List.of(settings.topic()));
            own.addAll(topics.fallbacks(lane));
            byEngine.put("router-" + lane, List.copyOf(own));
        });
        return byEngine;
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public synchronized void start() {
        untilDone.start();
        List<DispatchEngine<Object>> started = new java.util.ArrayList<>();
        engineTopics.forEach((name, topics) -> {
            DispatchEngine<Object> engine = DispatchEngine.<Object>builder(consumerConfig, topics, this::process)
                    .onFailure(this::onFailure)
                    .onPoison((raw, cause) -> {
                        try {
                            onPoison(raw);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new UntilDone.Abandoned("poison " + raw.offset(), e);
                        }
                    })
                    .settings(settings)
                    .meterRegistry(meters)
                    .name(name)
                    .build();
            engine.start();
            started.add(engine);
        });
        engines = List.copyOf(started);
    }

    @Override
    public synchronized void stop() {
        untilDone.stop();
        if (engines != null) {
            // in parallel: each waits up to its close timeout for its own in-flight records
            engines.parallelStream().forEach(DispatchEngine::close);
            engines = null;
        }
    }

    @Override
    public boolean isRunning() {
        return engines != null;
    }

    @Override
    public Health health() {
        List<DispatchEngine<Object>> current = engines;
        return current != null && current.stream().allMatch(DispatchEngine::isRunning)
                ? Health.up().build()
                : Health.down()
                        .withDetail("dispatch", "the consumer engine is not running")
                        .build();
    }
}
