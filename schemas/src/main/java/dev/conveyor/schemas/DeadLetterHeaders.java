package dev.conveyor.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The one header vocabulary of every dead-letter topic (the router's {@code llm.requests.dlt},
 * billing's {@code llm.usage.dlt}): Spring Kafka's {@code kafka_dlt-*} headers, encoded as Spring's
 * {@code DeadLetterPublishingRecoverer} writes them (partition a 4-byte and offset and timestamp
 * 8-byte big-endian integers, the rest UTF-8), plus {@value #ERROR_TYPE} and {@value #ERROR_MESSAGE}.
 * An operator's tool, and the re-drive endpoint, read only these.
 */
public final class DeadLetterHeaders {

    /** Why the record is here, in one word: a {@link Poison} kind or the router's error type (INVALID_REQUEST, …). */
    public static final String ERROR_TYPE = "conveyor.error.type";
    /** Why the record is here, for a person: what failed and what to fix. */
    public static final String ERROR_MESSAGE = "conveyor.error.message";

    /**
     * On a record re-published from a dead-letter topic: the DLT record it came from
     * ({@code topic-partition@offset}). The router handles such a job as new even when an earlier
     * delivery of it failed for good.
     */
    public static final String REDRIVEN = "conveyor.redriven-from";

    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    public static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    public static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";

    /** The kinds of record no consumer can ever handle as they are; each is dead-lettered at once. */
    public enum Poison {
        /** The bytes are not a registry-framed Avro record (no magic byte, truncated, garbage). */
        UNDECODABLE,
        /** The record names a schema id the registry does not know. */
        UNKNOWN_SCHEMA,
        /** No value at all (a tombstone). */
        NO_VALUE,
        /** A well-formed record of another schema than the topic carries. */
        WRONG_SCHEMA,
        /** A record of the right schema whose content can never be processed. */
        INVALID
    }

    private DeadLetterHeaders() {}

    /** Where the record came from, in Spring Kafka's {@code kafka_dlt-original-*} headers. */
    public static void original(Headers headers, String topic, int partition, long offset, long timestamp) {
        replace(headers, ORIGINAL_TOPIC, utf8(topic));
        replace(
                headers,
                ORIGINAL_PARTITION,
                ByteBuffer.allocate(4).putInt(partition).array());
        replace(headers, ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(offset).array());
        replace(
                headers,
                ORIGINAL_TIMESTAMP,
                ByteBuffer.allocate(8).putLong(timestamp).array());
    }

    /** Why the record is here: {@value #ERROR_TYPE}, {@value #ERROR_MESSAGE} and, given a cause, the exception headers. */
    public static void error(Headers headers, String type, String message, Throwable cause) {
        replace(headers, ERROR_TYPE, utf8(type));
        replace(headers, ERROR_MESSAGE, utf8(message));
        if (cause != null) {
            replace(headers, EXCEPTION_FQCN, utf8(cause.getClass().getName()));
            replace(headers, EXCEPTION_MESSAGE, utf8(String.valueOf(cause.getMessage())));
        }
    }

    public static Optional<String> text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    public static Optional<Integer> originalPartition(Headers headers) {
        Header header = headers.lastHeader(ORIGINAL_PARTITION);
        return header == null || header.value() == null || header.value().length != 4
                ? Optional.empty()
                : Optional.of(ByteBuffer.wrap(header.value()).getInt());
    }

    public static Optional<Long> originalOffset(Headers headers) {
        return longValue(headers, ORIGINAL_OFFSET);
    }

    public static Optional<Long> originalTimestamp(Headers headers) {
        return longValue(headers, ORIGINAL_TIMESTAMP);
    }

    private static Optional<Long> longValue(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null || header.value().length != 8
                ? Optional.empty()
                : Optional.of(ByteBuffer.wrap(header.value()).getLong());
    }

    private static void replace(Headers headers, String key, byte[] value) {
        headers.remove(key);
        headers.add(key, value);
    }

    private static byte[] utf8(String s) {
        return String.valueOf(s).getBytes(StandardCharsets.UTF_8);
    }
}
