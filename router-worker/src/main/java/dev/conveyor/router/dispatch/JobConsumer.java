package dev.conveyor.router.dispatch;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.dispatch.engine.DispatchEngine;
import dev.conveyor.router.dispatch.engine.DispatchSettings;
import dev.conveyor.schemas.CompletionRequest;
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
 * application runs. A job whose processing throws (the database or the broker was unavailable) is
 * tried again a few times before it goes to the DLT; undecodable records go there at once.
 */
class JobConsumer implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(JobConsumer.class);
    private static final int PROCESSING_TRIES = 3;

    private final Map<String, Object> consumerConfig;
    private final List<String> topics;
    private final JobProcessor processor;
    private final DeadLetters deadLetters;
    private final DispatchSettings settings;
    private final MeterRegistry meters;
    private volatile DispatchEngine<CompletionRequest> engine;

    JobConsumer(
            Map<String, Object> consumerConfig,
            RouterSettings.Topics topics,
            JobProcessor processor,
            DeadLetters deadLetters,
            DispatchSettings settings,
            MeterRegistry meters) {
        this.consumerConfig = consumerConfig;
        this.topics = topics.consumed();
        this.processor = processor;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.meters = meters;
    }

    private void process(ConsumerRecord<String, CompletionRequest> record) throws Exception {
        for (int tryNo = 1; ; tryNo++) {
            try {
                processor.process(record.topic(), record.value());
                return;
            } catch (RuntimeException e) {
                if (tryNo >= PROCESSING_TRIES) {
                    throw e;
                }
                log.warn(
                        "Job {} failed to process (try {} of {}): {}",
                        record.key(),
                        tryNo,
                        PROCESSING_TRIES,
                        e.toString());
                Thread.sleep(Duration.ofSeconds(tryNo));
            }
        }
    }

    @Override
    public synchronized void start() {
        engine = DispatchEngine.<CompletionRequest>builder(consumerConfig, topics, this::process)
                .onFailure(deadLetters::failed)
                .onPoison(deadLetters::poison)
                .settings(settings)
                .meterRegistry(meters)
                .name("router")
                .build();
        engine.start();
    }

    @Override
    public synchronized void stop() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    @Override
    public boolean isRunning() {
        return engine != null;
    }

    @Override
    public Health health() {
        DispatchEngine<CompletionRequest> current = engine;
        return current != null && current.isRunning()
                ? Health.up().build()
                : Health.down()
                        .withDetail("dispatch", "the consumer engine is not running")
                        .build();
    }
}
