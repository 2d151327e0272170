package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.DeadLetterHeaders.Poison;
import dev.conveyor.schemas.DecodeFailures;
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

    /** Which kind of poison a decoding failure means ({@link DecodeFailures#poisonKind}). */
    static Poison kindOf(Throwable failure) {
        return DecodeFailures.poisonKind(failure);
    }
}
