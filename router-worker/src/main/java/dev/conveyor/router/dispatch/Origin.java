package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a job's record came from: the dead-letter headers name it, and a record an operator
 * re-drove from the DLT ({@link DeadLetterHeaders#REDRIVEN}: {@code redrivenFrom}, the DLT record
 * it came from, else null) is handled as new although an earlier delivery of the job failed.
 */
record Origin(String topic, int partition, long offset, long timestamp, String redrivenFrom) {

    static Origin of(String topic) {
        return new Origin(topic, -1, -1L, -1L, null);
    }

    static Origin of(ConsumerRecord<?, ?> record) {
        return new Origin(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.REDRIVEN)
                        .orElse(null));
    }

    boolean redriven() {
        return redrivenFrom != null;
    }
}
