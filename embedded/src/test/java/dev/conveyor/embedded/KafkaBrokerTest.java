package dev.conveyor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The broker Conveyor starts creates no topic on first use; {@link KafkaTopics} creates them. */
class KafkaBrokerTest {

    private static KafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(3);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void producingToATopicNobodyCreatedFailsAndCreatesNoTopic() throws Exception {
        String topic = "never-created-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer()) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "key", "value"))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining(topic);
        }
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            assertThat(consumer.poll(Duration.ofSeconds(1))).isEmpty();
        }
        assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }

    @Test
    void aTopicCreatedFirstTakesRecordsWithTheGivenPartitions() throws Exception {
        String topic = "created-" + UUID.randomUUID();
        KafkaTopics.create(broker.bootstrapServers(), 2, List.of(topic));
        KafkaTopics.create(broker.bootstrapServers(), 2, List.of(topic)); // one that exists is left as it is

        try (KafkaProducer<String, String> producer = producer()) {
            RecordMetadata sent =
                    producer.send(new ProducerRecord<>(topic, "key", "value")).get();
            assertThat(sent.topic()).isEqualTo(topic);
        }
        assertThat(admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions())
                .hasSize(2);
    }

    /** Gives up on a missing topic after 2 s instead of Kafka's 60. */
    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                2000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "group-" + UUID.randomUUID(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
    }
}
