package dev.conveyor.router.dispatch;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Puts records on the dead-letter topic with the reason in headers: undecodable records as the
 * exact bytes that arrived, jobs that could not be processed as they were.
 */
class DeadLetters {

    static final String ERROR_TYPE = "conveyor.error.type";
    static final String ERROR_MESSAGE = "conveyor.error.message";
    static final String ORIGINAL_TOPIC = "conveyor.original.topic";
    static final String ORIGINAL_PARTITION = "conveyor.original.partition";
    static final String ORIGINAL_OFFSET = "conveyor.original.offset";

    private final KafkaTemplate<byte[], byte[]> raw;
    private final KafkaTemplate<String, Object> avro;
    private final String topic;

    DeadLetters(KafkaTemplate<byte[], byte[]> raw, KafkaTemplate<String, Object> avro, String topic) {
        this.raw = raw;
        this.avro = avro;
        this.topic = topic;
    }

    /** An undecodable record: its original key, value and headers, plus why it could not be read. */
    void poison(ConsumerRecord<byte[], byte[]> record, Exception cause) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, record.key(), record.value());
        record.headers().forEach(h -> out.headers().add(h));
        describe(out.headers(), "UNDECODABLE", cause, record.topic(), record.partition(), record.offset());
        raw.send(out).join();
    }

    /** A decoded job whose processing kept failing for a reason outside the job (say, the database was down). */
    void failed(ConsumerRecord<String, ?> record, Exception cause) {
        ProducerRecord<String, Object> out = new ProducerRecord<>(topic, record.key(), record.value());
        describe(out.headers(), "PROCESSING_FAILED", cause, record.topic(), record.partition(), record.offset());
        avro.send(out).join();
    }

    private static void describe(
            Headers headers, String type, Exception cause, String from, int partition, long offset) {
        headers.add(ERROR_TYPE, bytes(type));
        headers.add(ERROR_MESSAGE, bytes(cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        headers.add(ORIGINAL_TOPIC, bytes(from));
        headers.add(ORIGINAL_PARTITION, bytes(String.valueOf(partition)));
        headers.add(ORIGINAL_OFFSET, bytes(String.valueOf(offset)));
    }

    private static byte[] bytes(String s) {
        return String.valueOf(s).getBytes(StandardCharsets.UTF_8);
    }
}
