package dev.conveyor.bench;

import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records no worker can process, one of each kind a request topic may receive (issue #20): bytes
 * that are not Avro, an Avro frame naming a schema id the registry never issued, a null value (a
 * tombstone), a valid record of another schema (a usage event), and a valid request that fails
 * validation (no messages, negative max tokens). Keys are {@code poison-KIND-N}, so the driver can
 * find each on the dead-letter topic.
 */
final class Poison {

    enum Kind {
        UNDECODABLE,
        UNKNOWN_SCHEMA_ID,
        NULL_VALUE,
        OTHER_SCHEMA,
        INVALID_REQUEST;

        String key(int n) {
            return "poison-" + name().toLowerCase() + "-" + n;
        }

        /** The kind in a key made by {@link #key}, or null for any other key. */
        static Kind of(String key) {
            if (key == null || !key.startsWith("poison-")) {
                return null;
            }
            String rest = key.substring("poison-".length());
            int dash = rest.lastIndexOf('-');
            try {
                return dash < 0 ? null : valueOf(rest.substring(0, dash).toUpperCase());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private final KafkaProducer<String, byte[]> raw;
    private final KafkaProducer<String, Object> avro;
    private final String topic;
    private final UsageMix otherSchema;

    Poison(String bootstrap, KafkaProducer<String, Object> avro, String topic) {
        this.raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.CLIENT_ID_CONFIG,
                "bench-poison",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        this.avro = avro;
        this.topic = topic;
        this.otherSchema = new UsageMix("poison", 1, YearMonth.now().minusMonths(1));
    }

    /** Sends the {@code n}th record of {@code kind} and waits for the broker's acknowledgement. */
    void send(Kind kind, int n) {
        String key = kind.key(n);
        try {
            switch (kind) {
                case UNDECODABLE ->
                    raw.send(new ProducerRecord<>(topic, key, ("not avro " + n).getBytes(StandardCharsets.UTF_8)))
                            .get();
                case UNKNOWN_SCHEMA_ID ->
                    // the serializer's frame: magic byte 0, then an id no registry has issued
                    raw.send(new ProducerRecord<>(
                                    topic,
                                    key,
                                    ByteBuffer.allocate(13)
                                            .put((byte) 0)
                                            .putLong(Long.MAX_VALUE - n)
                                            .putInt(0)
                                            .array()))
                            .get();
                case NULL_VALUE ->
                    raw.send(new ProducerRecord<>(topic, key, null)).get();
                case OTHER_SCHEMA ->
                    avro.send(new ProducerRecord<>(topic, key, otherSchema.event(n, n + 1)))
                            .get();
                case INVALID_REQUEST -> {
                    CompletionRequest request = CompletionRequest.newBuilder(JobMix.job("poison", n, Instant.now()))
                            .setJobId(key)
                            .setMessages(List.<ChatMessage>of())
                            .setMaxTokens(-1)
                            .build();
                    avro.send(new ProducerRecord<>(topic, key, request)).get();
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send poison record " + key, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending poison record " + key, e);
        }
    }

    void close() {
        raw.close();
    }
}
