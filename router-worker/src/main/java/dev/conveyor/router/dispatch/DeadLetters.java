package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.DeadLetterHeaders;
import dev.conveyor.schemas.DeadLetterHeaders.Poison;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Puts records that no retry can mend on the dead-letter topic, with the reason in the headers of
 * {@link DeadLetterHeaders}, and waits until the broker acknowledged each (retrying while it is
 * unavailable): undecodable records as the exact bytes that arrived, decoded ones as they were.
 */
class DeadLetters {

    private final KafkaTemplate<byte[], byte[]> raw;
    private final KafkaTemplate<String, Object> avro;
    private final String topic;
    private final UntilDone untilDone;

    DeadLetters(
            KafkaTemplate<byte[], byte[]> raw, KafkaTemplate<String, Object> avro, String topic, UntilDone untilDone) {
        this.raw = raw;
        this.avro = avro;
        this.topic = topic;
        this.untilDone = untilDone;
    }

    /** An undecodable record: its original key, value and headers, plus its kind and why it could not be read. */
    void poison(ConsumerRecord<byte[], byte[]> record, Poison kind, Exception cause) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, record.key(), record.value());
        record.headers().forEach(h -> out.headers().add(h));
        DeadLetterHeaders.original(
                out.headers(), record.topic(), record.partition(), record.offset(), record.timestamp());
        DeadLetterHeaders.error(out.headers(), kind.name(), describe(cause), cause);
        untilDone.run("dead-lettering " + where(record), () -> raw.send(out).join());
    }

    /** A decoded record that is no job (no value, another schema): as it was, with its kind and reason. */
    void decodedPoison(ConsumerRecord<String, ?> record, Poison kind, String reason) {
        send(record, kind.name(), reason, null);
    }

    /** A record the router failed on in a way it could not report as a FAILED result. */
    void failed(ConsumerRecord<String, ?> record, Exception cause) {
        send(record, "PROCESSING_FAILED", describe(cause), cause);
    }

    private void send(ConsumerRecord<String, ?> record, String type, String reason, Exception cause) {
        ProducerRecord<String, Object> out = new ProducerRecord<>(topic, record.key(), record.value());
        DeadLetterHeaders.original(
                out.headers(), record.topic(), record.partition(), record.offset(), record.timestamp());
        DeadLetterHeaders.error(out.headers(), type, reason, cause);
        if (record.value() == null) {
            ProducerRecord<byte[], byte[]> tombstone = new ProducerRecord<>(
                    topic,
                    null,
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
                    null,
                    out.headers());
            untilDone.run(
                    "dead-lettering " + where(record), () -> raw.send(tombstone).join());
        } else {
            untilDone.run(
                    "dead-lettering " + where(record), () -> avro.send(out).join());
        }
    }

    static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause) {
            text.append(" (")
                    .append(root.getClass().getSimpleName())
                    .append(": ")
                    .append(root.getMessage())
                    .append(')');
        }
        return text.toString();
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
