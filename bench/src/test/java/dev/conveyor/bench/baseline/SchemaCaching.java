package dev.conveyor.bench.baseline;

import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Keeps Apicurio's serializer from calling the registry while records flow. Its schema cache
 * expires every 30 s by default and is filled by whichever threads miss it, so a worker that
 * serializes on 2,000 threads at once sends up to 2,000 schema registrations to the registry on
 * the first result and again after every expiry (measured: the parallel-consumer baseline spent
 * most of a run waiting on the registry). A baseline therefore warms its serializer once before
 * it starts and lets the cache live for an hour.
 */
public final class SchemaCaching {

    public static final String CHECK_PERIOD = "apicurio.registry.check-period-ms";
    public static final long CHECK_PERIOD_MS = 3_600_000L;

    private SchemaCaching() {}

    /** A configured value serializer that has already resolved the result schema for {@code topic}. */
    public static Serializer<Object> warmSerializer(Map<String, Object> producerConfig, String topic) {
        AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
        serializer.configure(producerConfig, false);
        CompletionRequest sample = CompletionRequest.newBuilder()
                .setJobId("warm-up")
                .setTenantId("warm-up")
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "warm-up")))
                .setSubmittedAt(Instant.now())
                .build();
        serializer.serialize(topic, BaselineResults.failed(sample, "warm-up", Instant.now()));
        return serializer;
    }
}
