package dev.conveyor.router.dispatch.engine;

import static org.awaitility.Awaitility.await;

import dev.conveyor.embedded.Infrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test JVM's one shared broker, unique topics and groups, producing, and reading committed
 * offsets.
 */
final class KafkaFixture implements AutoCloseable {

    static final DispatchSettings FAST = DispatchSettings.defaults()
            .withCommitInterval(Duration.ofMillis(100))
            .withPollTimeout(Duration.ofMillis(50))
            .withRevocationTimeout(Duration.ofSeconds(10))
            .withCloseTimeout(Duration.ofSeconds(10));

    private final String bootstrapServers = Infrastructure.shared().bootstrapServers();
    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.LINGER_MS_CONFIG,
            5));
    private final List<DispatchEngine<?>> engines = new ArrayList<>();

    /**
     * Creates a topic and waits until every partition has a leader: producing to a partition whose
     * leader is not yet known can leave the idempotent producer retrying one batch forever.
     */
    String newTopic(int partitions) {
        String name = "dispatch-" + UUID.randomUUID();
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not create " + name, e);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> everyPartitionHasALeader(name, partitions));
        return name;
    }

    private boolean everyPartitionHasALeader(String topic, int partitions) {
        try {
            TopicDescription description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().size() == partitions
                    && description.partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty())
                    && producer.partitionsFor(topic).stream().allMatch(p -> p.leader() != null);
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String newGroup() {
        return "group-" + UUID.randomUUID();
    }

    Map<String, Object> consumerConfig(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return config;
    }

    /** Produces {@code values} to one partition, in order, and waits until the broker has them. */
    void produce(String topic, int partition, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            producer.send(new ProducerRecord<>(topic, partition, "key-" + partition + "-" + i, values.get(i)));
        }
        producer.flush();
    }

    void produce(String topic, int partition, int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add("job-" + partition + "-" + i);
        }
        produce(topic, partition, values);
    }

    /** The group's committed offset for one partition, or -1 when it has none. */
    long committed(String group, String topic, int partition) {
        OffsetAndMetadata offset = committed(group).get(new TopicPartition(topic, partition));
        return offset == null ? -1 : offset.offset();
    }

    long committedTotal(String group) {
        return committed(group).values().stream()
                .filter(o -> o != null)
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        try {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not read offsets of " + group, e);
        }
    }

    /** Starts an engine that {@link #close()} stops. */
    <V> DispatchEngine<V> start(DispatchEngine.Builder<V> builder) {
        DispatchEngine<V> engine = builder.build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    @Override
    public void close() {
        engines.forEach(e -> e.close(Duration.ZERO));
        producer.close();
        admin.close();
    }
}
