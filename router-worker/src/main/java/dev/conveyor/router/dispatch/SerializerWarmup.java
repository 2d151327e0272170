package dev.conveyor.router.dispatch;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.SingleFlightAvroSerializer;
import dev.conveyor.schemas.TokenUsage;
import dev.conveyor.schemas.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's one Avro serializer, its schemas looked up before the first job: otherwise the first
 * job to reach a topic (the first fallback, say) waits for the registry while every job behind it
 * waits on that one lookup. Producers get a handle whose {@code close} does nothing, so a producer
 * that is closed and recreated cannot close the serializer under the others.
 */
final class SerializerWarmup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SerializerWarmup.class);

    private final SingleFlightAvroSerializer serializer = new SingleFlightAvroSerializer();

    SerializerWarmup(Map<String, Object> producerConfig) {
        serializer.configure(producerConfig, false);
    }

    /**
     * Serializes a sample of every value the router publishes, to every topic it publishes it to,
     * waiting for that at most {@code patience}: a registry that does not answer must not hold the
     * worker's start-up (the lookups go on in the background, and the first records to a topic wait
     * on them rather than asking again).
     */
    void warm(RouterSettings.Topics topics, Duration patience) {
        List<String> requestTopics = new ArrayList<>(topics.fallbacks());
        requestTopics.add(topics.deadLetter());
        Thread lookups = Thread.ofVirtual().name("serializer-warmup").start(() -> {
            try {
                requestTopics.forEach(topic -> serializer.serialize(topic, sampleRequest()));
                serializer.serialize(topics.results(), sampleResult());
                serializer.serialize(topics.usage(), sampleUsage());
            } catch (RuntimeException e) {
                log.warn(
                        "Could not look the router's schemas up in the registry ahead of time; the first "
                                + "record to each topic will: {}",
                        e.toString());
            }
        });
        try {
            if (!lookups.join(patience)) {
                log.warn(
                        "The schema registry has not answered the router's schema lookups within {}; "
                                + "starting anyway, the first records to each topic wait for them",
                        patience);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Serializer<Object> shared() {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, Object data) {
                return serializer.serialize(topic, data);
            }

            @Override
            public byte[] serialize(String topic, Headers headers, Object data) {
                return serializer.serialize(topic, headers, data);
            }

            @Override
            public void close() {
                // closed with the application, not with a producer
            }
        };
    }

    @Override
    public void close() {
        serializer.close();
    }

    private static CompletionRequest sampleRequest() {
        return CompletionRequest.newBuilder()
                .setJobId("warm-up")
                .setTenantId("warm-up")
                .setTaskType("warm-up")
                .setMessages(List.of(new ChatMessage("user", "warm-up")))
                .build();
    }

    private static CompletionResult sampleResult() {
        return CompletionResult.newBuilder()
                .setJobId("warm-up")
                .setTenantId("warm-up")
                .setStatus(JobStatus.SUCCEEDED)
                .setUsage(new TokenUsage(0L, 0L, 0L))
                .setCostUsd(Money.ZERO)
                .setLatencyMs(0)
                .setCompletedAt(Instant.EPOCH)
                .build();
    }

    private static UsageEvent sampleUsage() {
        return UsageEvent.newBuilder()
                .setEventId("warm-up")
                .setJobId("warm-up")
                .setTenantId("warm-up")
                .setProvider("warm-up")
                .setModel("warm-up")
                .setTaskType("warm-up")
                .setInputTokens(0)
                .setOutputTokens(0)
                .setCostUsd(Money.ZERO)
                .setStatus(JobStatus.SUCCEEDED)
                .setLatencyMs(0)
                .setTimestamp(Instant.EPOCH)
                .build();
    }
}
