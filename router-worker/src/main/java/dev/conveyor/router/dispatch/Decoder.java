package dev.conveyor.router.dispatch;

import com.microsoft.kiota.ApiException;
import dev.conveyor.schemas.DeadLetterHeaders.Poison;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/** Decodes a record's value the way the consumer does, for a record whose first decoding met an unreachable registry. */
@FunctionalInterface
interface Decoder {

    Object decode(String topic, Headers headers, byte[] value);

    /** The record with its decoded value in place of its bytes. */
    static ConsumerRecord<String, Object> decoded(ConsumerRecord<byte[], byte[]> raw, Object value) {
        return new ConsumerRecord<>(
                raw.topic(),
                raw.partition(),
                raw.offset(),
                raw.timestamp(),
                raw.timestampType(),
                raw.serializedKeySize(),
                raw.serializedValueSize(),
                raw.key() == null ? null : new String(raw.key(), java.nio.charset.StandardCharsets.UTF_8),
                value,
                raw.headers(),
                Optional.empty());
    }

    /**
     * Which kind of poison a decoding failure means: the registry answering that it has no such
     * schema (HTTP 404) is an unknown schema id; anything else is bytes that are no registry-framed
     * Avro record.
     */
    static Poison kindOf(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ApiException registry && registry.getResponseStatusCode() == 404) {
                return Poison.UNKNOWN_SCHEMA;
            }
        }
        return Poison.UNDECODABLE;
    }
}
