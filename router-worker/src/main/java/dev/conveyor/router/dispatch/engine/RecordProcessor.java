package dev.conveyor.router.dispatch.engine;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Does the work for one record, on its own virtual thread. Returning means the record is finished;
 * throwing hands it to the {@link FailureHandler}, after which it is finished too. The engine never
 * retries a record by itself.
 *
 * @param <V> the record value type
 */
@FunctionalInterface
public interface RecordProcessor<V> {

    void process(ConsumerRecord<String, V> record) throws Exception;
}
