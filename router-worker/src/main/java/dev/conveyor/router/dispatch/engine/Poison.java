package dev.conveyor.router.dispatch.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Recognises records that could not be deserialized, in both forms they arrive in: a {@link
 * RecordDeserializationException} thrown by poll (plain deserializers), or a record whose failure
 * Spring's {@code ErrorHandlingDeserializer} put in its headers. Either way it rebuilds the raw record.
 */
final class Poison {

    private static final LogAccessor LOG = new LogAccessor(Poison.class);

    private Poison() {}

    static ConsumerRecord<byte[], byte[]> raw(RecordDeserializationException e) {
        byte[] key = bytes(e.keyBuffer());
        byte[] value = bytes(e.valueBuffer());
        return new ConsumerRecord<>(
                e.topicPartition().topic(),
                e.topicPartition().partition(),
                e.offset(),
                e.timestamp(),
                e.timestampType() == null ? TimestampType.NO_TIMESTAMP_TYPE : e.timestampType(),
                key == null ? -1 : key.length,
                value == null ? -1 : value.length,
                key,
                value,
                e.headers() == null ? new RecordHeaders() : e.headers(),
                Optional.empty());
    }

    /** The failure an {@code ErrorHandlingDeserializer} recorded for this record's value or key, or null. */
    static DeserializationException failureIn(ConsumerRecord<String, ?> record) {
        DeserializationException value = SerializationUtils.getExceptionFromHeader(
                record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        return value != null
                ? value
                : SerializationUtils.getExceptionFromHeader(
                        record, SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER, LOG);
    }

    /** The record as it was on the broker: the failed part from the exception, the rest re-encoded. */
    static ConsumerRecord<byte[], byte[]> raw(ConsumerRecord<String, ?> record, DeserializationException failure) {
        byte[] key = failure.isKey() ? failure.getData() : utf8(record.key());
        byte[] value = failure.isKey() ? null : failure.getData();
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.remove(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER);
        headers.remove(SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER);
        return new ConsumerRecord<>(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.timestampType(),
                key == null ? -1 : key.length,
                value == null ? -1 : value.length,
                key,
                value,
                headers,
                record.leaderEpoch());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
