package dev.conveyor.schemas;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.header.Headers;

/**
 * Apicurio's Avro serializer, except that the first record for a topic is serialized alone: the
 * serializer looks the topic's schema up in the registry on first use, and thousands of jobs in
 * flight that finish together would otherwise each make that lookup (and register the schema)
 * before any of them has cached the answer. Later records go straight through.
 */
public class SingleFlightAvroSerializer extends AvroKafkaSerializer<Object> {

    private final Set<String> resolvedTopics = ConcurrentHashMap.newKeySet();
    private final Map<String, ReentrantLock> firstUse = new ConcurrentHashMap<>();

    @Override
    public byte[] serialize(String topic, Object data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        if (data == null || resolvedTopics.contains(topic)) {
            return super.serialize(topic, headers, data);
        }
        ReentrantLock lock = firstUse.computeIfAbsent(topic, t -> new ReentrantLock());
        lock.lock();
        try {
            byte[] bytes = super.serialize(topic, headers, data);
            resolvedTopics.add(topic);
            return bytes;
        } finally {
            lock.unlock();
        }
    }
}
