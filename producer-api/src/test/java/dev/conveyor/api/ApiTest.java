package dev.conveyor.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.schemas.Attempt;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API on a random port against a real broker, registry and PostgreSQL, with billing and the
 * router faked at their HTTP contracts. Every test class extending this shares one application context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=producer-api", "conveyor.api.quota.cache-ttl=0s"})
public abstract class ApiTest {

    protected static final Infrastructure infra = Infrastructure.shared();
    protected static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
    protected static final String PREFIX = "api-it-" + UUID.randomUUID();
    /** The bulk lane's topic (the requests topic itself). */
    protected static final String REQUESTS = PREFIX + ".requests";
    /** The interactive lane's topic. */
    protected static final String INTERACTIVE = REQUESTS + ".interactive";

    protected static final String RESULTS = PREFIX + ".results";
    protected static final FakeBilling billing = new FakeBilling();
    protected static final FakeRouter router = new FakeRouter();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl());
        registry.add("spring.datasource.username", () -> infra.postgres().username());
        registry.add("spring.datasource.password", () -> infra.postgres().password());
        registry.add("conveyor.registry.url", () -> infra.registry().apiUrl());
        registry.add("conveyor.api.requests-topic", () -> REQUESTS);
        registry.add("conveyor.api.results-topic", () -> RESULTS);
        registry.add("conveyor.api.admin-key", () -> ADMIN_KEY);
        registry.add("conveyor.api.billing-url", billing::url);
        registry.add("conveyor.api.router.url", router::url);
        registry.add("spring.kafka.consumer.group-id", () -> PREFIX);
    }

    /**
     * The results topic is the router's: it creates and writes it. Here the tests write results in
     * the router's place ({@link #publish}), so they create it too.
     */
    @BeforeAll
    static void createResultsTopic() {
        infra.createTopics(RESULTS);
    }

    @LocalServerPort
    private int port;

    protected Api api;

    /** The port the API listens on, for raw HTTP that no client library would send. */
    protected int port() {
        return port;
    }

    @BeforeEach
    void connect() {
        api = new Api("http://127.0.0.1:" + port);
    }

    /** A new tenant and one API key for it. */
    protected record Tenant(String id, String key) {}

    protected Tenant newTenant() {
        return newTenant(null);
    }

    protected Tenant newTenant(Integer requestsPerMinute) {
        String id = "t-" + UUID.randomUUID();
        String body = requestsPerMinute == null
                ? "{\"id\":\"%s\"}".formatted(id)
                : "{\"id\":\"%s\",\"requests_per_minute\":%d}".formatted(id, requestsPerMinute);
        assertThat(api.post("/v1/admin/tenants", ADMIN_KEY, body).status()).isEqualTo(201);
        Api.Reply key = api.post("/v1/admin/tenants/" + id + "/keys", ADMIN_KEY, "{\"name\":\"test\"}");
        assertThat(key.status()).isEqualTo(201);
        return new Tenant(id, key.json().path("key").asString());
    }

    protected static String job(String content) {
        return """
                {"task_type":"code_analysis","max_tokens":200,"messages":[{"role":"user","content":"%s"}]}
                """.formatted(content);
    }

    /** Every job on either lane's request topic that matches, read from the start of the topics. */
    protected static List<CompletionRequest> produced(Predicate<CompletionRequest> which) {
        List<CompletionRequest> jobs = new ArrayList<>(producedOn(INTERACTIVE, which));
        jobs.addAll(producedOn(REQUESTS, which));
        return jobs;
    }

    /** Every job on this topic that matches, read from its start. */
    protected static List<CompletionRequest> producedOn(String topic, Predicate<CompletionRequest> which) {
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.consumerConfig(infra.registry().apiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        List<CompletionRequest> jobs = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, Object>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    CompletionRequest job = (CompletionRequest) r.value();
                    if (which.test(job)) {
                        jobs.add(job);
                    }
                });
            }
        }
        return jobs;
    }

    /** A final result as the router would publish it. */
    protected static CompletionResult result(CompletionRequest job, boolean succeeded) {
        return CompletionResult.newBuilder()
                .setJobId(job.getJobId())
                .setTenantId(job.getTenantId())
                .setBatchId(job.getBatchId())
                .setStatus(succeeded ? JobStatus.SUCCEEDED : JobStatus.FAILED)
                .setContent(succeeded ? "Answer to " + job.getJobId() : null)
                .setFinishReason(succeeded ? "stop" : null)
                .setProvider("openai")
                .setModel("gpt-4.1-mini")
                .setUsage(new TokenUsage(succeeded ? 120L : 0L, succeeded ? 30L : 0L, succeeded ? 20L : 0L))
                .setCostUsd(Money.usd(succeeded ? "0.000096000" : "0"))
                .setLatencyMs(812L)
                .setAttempts(
                        succeeded
                                ? List.of()
                                : List.of(new Attempt(
                                        "openai", "gpt-4.1-mini", "INVALID_REQUEST", "bad prompt", Instant.now(), 5L)))
                .setErrorType(succeeded ? null : "INVALID_REQUEST")
                .setErrorMessage(succeeded ? null : "the provider refused the prompt")
                .setCompletedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setMetadata(job.getMetadata())
                .build();
    }

    /** Publishes results as the router would. */
    protected static void publish(CompletionResult... results) {
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.producerConfig(infra.registry().apiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (var producer = new KafkaProducer<String, Object>(config)) {
            for (CompletionResult result : results) {
                producer.send(new ProducerRecord<>(RESULTS, result.getJobId(), result));
            }
            producer.flush();
        }
    }
}
