package dev.conveyor.embedded;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker: a Testcontainers container when Docker answers, otherwise a KRaft broker
 * (combined broker and controller) inside this JVM. Either way it never creates a topic on first
 * use ({@code auto.create.topics.enable=false}, as production brokers should run): each service
 * creates the topics it owns at start-up, and a test or driver creates those it writes itself
 * ({@link KafkaTopics}), so a mistyped topic name fails instead of quietly becoming a new topic.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final String IMAGE = "apache/kafka:4.1.2";

    private final EmbeddedKafkaKraftBroker embedded;
    private final KafkaContainer container;
    private final String bootstrapServers;

    private KafkaBroker(EmbeddedKafkaKraftBroker embedded, KafkaContainer container, String bootstrapServers) {
        this.embedded = embedded;
        this.container = container;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * System property: how long a new consumer group waits for more members before its first
     * assignment, for the embedded broker and the container alike. 0 by default, so tests and the
     * demo start at once; bench/run sets Kafka's own default (3000), which production brokers use,
     * so a baseline whose consumers join one by one is not handed every partition by whichever
     * joined first.
     */
    public static final String INITIAL_REBALANCE_DELAY = "conveyor.kafka.group-initial-rebalance-delay-ms";

    /**
     * Starts a broker; a topic created without a partition count ({@code num.partitions}) gets
     * {@code partitions}.
     */
    public static KafkaBroker start(int partitions) {
        if (Docker.available()) {
            KafkaContainer container = new KafkaContainer(IMAGE)
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(partitions))
                    .withEnv(
                            "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", System.getProperty(INITIAL_REBALANCE_DELAY, "0"));
            container.start();
            log.info("Kafka container started at {}", container.getBootstrapServers());
            return new KafkaBroker(null, container, container.getBootstrapServers());
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "num.partitions", String.valueOf(partitions),
                "group.initial.rebalance.delay.ms", System.getProperty(INITIAL_REBALANCE_DELAY, "0"),
                "offsets.topic.num.partitions", "5",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.kafkaPorts(Ports.free());
        broker.afterPropertiesSet();
        log.info("Embedded KRaft broker started at {}", broker.getBrokersAsString());
        return new KafkaBroker(broker, null, broker.getBrokersAsString());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.destroy();
        }
        if (container != null) {
            container.stop();
        }
    }
}
