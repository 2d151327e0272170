package dev.conveyor.billing;

import static org.awaitility.Awaitility.await;

import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.embedded.MutableClock;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.UsageEvent;
import dev.conveyor.sim.ProviderSimulator;
import dev.conveyor.sim.SimulatorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tests that run the whole service against the JVM's one real Kafka broker,
 * PostgreSQL and registry. Every subclass shares one Spring context (same properties), so
 * tests keep apart by using their own tenant ids.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=billing-consumer")
@Import(BillingIntegrationTest.TestClockConfiguration.class)
public abstract class BillingIntegrationTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClockConfiguration {
        @Bean
        @Primary
        MutableClock testClock() {
            return MutableClock.followingSystem();
        }
    }

    protected static final Infrastructure INFRA = Infrastructure.shared();
    protected static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    protected static final String USAGE_TOPIC = "llm.usage.it-" + RUN;
    protected static final String ALERTS_TOPIC = "llm.alerts.it-" + RUN;
    protected static final String DEAD_LETTER_TOPIC = USAGE_TOPIC + ".dlt";
    protected static final String GROUP_ID = "billing-it-" + RUN;
    protected static final Path EXPORT_DIR = tempDir();
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /** The provider simulator whose admin usage and cost reports reconciliation reads. */
    protected static final ProviderSimulator SIM = ProviderSimulator.start(SimulatorConfig.defaults());

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KafkaProducer<String, Object> producer;

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", INFRA::bootstrapServers);
        registry.add("spring.datasource.url", () -> INFRA.postgres().jdbcUrl());
        registry.add("spring.datasource.username", () -> INFRA.postgres().username());
        registry.add("spring.datasource.password", () -> INFRA.postgres().password());
        registry.add("conveyor.registry.url", () -> INFRA.registry().apiUrl());
        registry.add("conveyor.billing.topics.usage", () -> USAGE_TOPIC);
        registry.add("conveyor.billing.topics.usage-dead-letter", () -> DEAD_LETTER_TOPIC);
        registry.add("conveyor.billing.topics.alerts", () -> ALERTS_TOPIC);
        registry.add("conveyor.billing.consumer.group-id", () -> GROUP_ID);
        registry.add("conveyor.billing.export.directory", EXPORT_DIR::toString);
        registry.add("conveyor.billing.alerts.publish-interval", () -> "200ms");
        for (String api : new String[] {"openai", "anthropic"}) {
            String provider = "conveyor.billing.reconciliation.providers.recon-" + api;
            registry.add(provider + ".api", () -> api);
            registry.add(provider + ".base-url", SIM::baseUrl);
            registry.add(provider + ".admin-key", () -> api.equals("openai") ? "sk-admin-test" : "sk-ant-admin01-test");
        }
    }

    /**
     * The usage topic is the router's: it creates it and writes it. Here the tests write it in the
     * router's place, so they create it too; billing creates only the topics it writes.
     */
    @BeforeAll
    static void createUsageTopic() {
        INFRA.createTopics(USAGE_TOPIC);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    /** Sends events keyed by tenant, as the router does, and waits until the broker has them. */
    protected static void publish(List<UsageEvent> events) {
        for (UsageEvent event : events) {
            producer().send(new ProducerRecord<>(USAGE_TOPIC, event.getTenantId(), event));
        }
        producer().flush();
    }

    protected static synchronized KafkaProducer<String, Object> producer() {
        if (producer == null) {
            Map<String, Object> config =
                    new HashMap<>(AvroSerdes.producerConfig(INFRA.registry().apiUrl()));
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers());
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            producer = new KafkaProducer<>(config);
        }
        return producer;
    }

    protected HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    protected HttpResponse<String> put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    protected JsonNode getJson(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Waits until the billing consumer group has committed every record on the usage topic. */
    protected static void awaitConsumerCaughtUp() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers()))) {
            // beyond the 45 s session timeout: a consumer killed by a test may hold its partitions that long
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP_ID)
                        .partitionsToOffsetAndMetadata()
                        .get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(USAGE_TOPIC))
                        .allTopicNames()
                        .get()
                        .get(USAGE_TOPIC)
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(USAGE_TOPIC, p.partition()), OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        admin.listOffsets(latest).all().get();
                return ends.entrySet().stream()
                        .allMatch(end -> end.getValue().offset() == 0
                                || (committed.get(end.getKey()) != null
                                        && committed.get(end.getKey()).offset()
                                                >= end.getValue().offset()));
            });
        }
    }

    protected static String tenant(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("billing-exports-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
