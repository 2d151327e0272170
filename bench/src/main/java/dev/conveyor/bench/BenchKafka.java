package dev.conveyor.bench;

import dev.conveyor.schemas.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The driver's Kafka clients. Values are Avro through the registry, as every service writes them. */
final class BenchKafka {

    private BenchKafka() {}

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    static List<TopicPartition> partitions(Admin admin, String topic) {
        try {
            TopicDescription description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe topic " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }

    static KafkaProducer<String, Object> producer(String bootstrap, String registryUrl, int lingerMs) {
        Map<String, Object> config = new HashMap<>(AvroSerdes.producerConfig(registryUrl));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-driver");
        return new KafkaProducer<>(config);
    }

    /** Reads by assignment (no group, no commits), so it never takes part in the worker's group. */
    static KafkaConsumer<String, Object> resultConsumer(String bootstrap, String registryUrl) {
        Map<String, Object> config = new HashMap<>(AvroSerdes.consumerConfig(registryUrl));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-results");
        return new KafkaConsumer<>(config);
    }

    static KafkaConsumer<String, byte[]> rawConsumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "bench-audit",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    }

    /**
     * Reads every partition of {@code topic} from its beginning to the end it has now, raw (keys as
     * strings, values as bytes), handing each record to {@code each}; false when {@code timeout}
     * passed first.
     */
    static boolean readToEnd(
            Admin admin,
            String bootstrap,
            String topic,
            Duration timeout,
            java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        List<TopicPartition> partitions = partitions(admin, topic);
        try (KafkaConsumer<String, byte[]> consumer = rawConsumer(bootstrap)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
            return true;
        }
    }

    static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
