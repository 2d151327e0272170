package dev.conveyor.router.dispatch.engine;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Takes a record whose key or value could not be deserialized, as the raw bytes from the broker
 * (topic, partition, offset, timestamp and headers as they arrived), with the deserializer's error.
 * It runs on a virtual thread; when it returns, the record counts as finished. A handler that throws
 * is logged and the record is finished anyway: a poison record never blocks its partition.
 */
@FunctionalInterface
public interface PoisonHandler {

    void onPoison(ConsumerRecord<byte[], byte[]> raw, Exception cause);
}
