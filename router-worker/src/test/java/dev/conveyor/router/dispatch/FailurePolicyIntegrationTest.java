package dev.conveyor.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.DeadLetterHeaders;
import dev.conveyor.schemas.EventIds;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.UsageEvent;
import dev.conveyor.sim.LatencySpec;
import dev.conveyor.sim.ProviderSimulator;
import dev.conveyor.sim.SimulatorConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The router's failure policy on a real broker, registry and PostgreSQL: every kind of poison goes to
 * the DLT at once with its kind while the partition flows, and an outage of PostgreSQL (behind a
 * proxy that drops every connection) delays jobs but loses none and finishes each once.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.config.name=router-worker",
            "spring.datasource.hikari.connection-timeout=1000",
            "conveyor.router.routes.code_analysis.models[0]=openai/gpt-4.1-mini",
            "conveyor.router.topics.partitions=2",
            // its jobs come straight from Kafka for a tenant producer-api never registered
            "conveyor.router.tenants.must-exist=false"
        })
class FailurePolicyIntegrationTest {

    private static final Infrastructure infra = Infrastructure.shared();
    private static final String PREFIX = "failure-it-" + UUID.randomUUID();
    private static final String REQUESTS = PREFIX + ".requests";
    private static final String RESULTS = PREFIX + ".results";
    private static final String DLT = PREFIX + ".dlt";
    private static final String TENANT = "tenant-failures";
    private static final ProviderSimulator sim =
            ProviderSimulator.start(SimulatorConfig.defaults().withLatency(LatencySpec.fixed(Duration.ofMillis(200))));
    private static final CuttableProxy database = proxyTo(infra.postgres().jdbcUrl());

    private static final Map<String, List<CompletionResult>> results = new ConcurrentHashMap<>();
    private static final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    private static volatile boolean reading = true;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add(
                "spring.datasource.url",
                () -> infra.postgres().jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + database.port() + "/"));
        registry.add("spring.datasource.username", () -> infra.postgres().username());
        registry.add("spring.datasource.password", () -> infra.postgres().password());
        registry.add("conveyor.registry.url", () -> infra.registry().apiUrl());
        registry.add("conveyor.router.topics.requests", () -> REQUESTS);
        registry.add("conveyor.router.topics.results", () -> RESULTS);
        registry.add("conveyor.router.topics.usage", () -> PREFIX + ".usage");
        registry.add("conveyor.router.topics.dead-letter", () -> DLT);
        registry.add("conveyor.router.providers.openai.base-url", sim::baseUrl);
        registry.add("conveyor.router.providers.openai.api-key", () -> "test-key");
        registry.add("spring.kafka.consumer.group-id", () -> PREFIX);
    }

    @BeforeAll
    static void readResultsAndDeadLetters() {
        Thread.ofVirtual().start(FailurePolicyIntegrationTest::readResults);
        Thread.ofVirtual().start(FailurePolicyIntegrationTest::readDeadLetters);
    }

    @AfterAll
    static void stop() throws Exception {
        reading = false;
        sim.close();
        database.close();
    }

    @Test
    void aTombstoneGoesToTheDeadLetterTopicAsNoValueAndLaterJobsFlow() {
        String key = "tombstone-" + UUID.randomUUID();
        sendRaw(key, null);

        assertPoisonThenFlow(key, DeadLetterHeaders.Poison.NO_VALUE);
    }

    @Test
    void bytesThatAreNoAvroGoToTheDeadLetterTopicAsUndecodable() {
        String key = "garbage-" + UUID.randomUUID();
        sendRaw(key, "not avro".getBytes());

        ConsumerRecord<String, byte[]> dead = assertPoisonThenFlow(key, DeadLetterHeaders.Poison.UNDECODABLE);
        assertThat(dead.value()).isEqualTo("not avro".getBytes());
        assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                .contains(REQUESTS);
        assertThat(DeadLetterHeaders.originalOffset(dead.headers())).isPresent();
    }

    @Test
    void aSchemaIdTheRegistryDoesNotKnowGoesToTheDeadLetterTopicAsUnknownSchema() {
        String key = "unknown-schema-" + UUID.randomUUID();
        byte[] framed = {0, 0x3b, (byte) 0x9a, (byte) 0xc9, (byte) 0xff, 2, 4, 6};
        sendRaw(key, framed);

        assertPoisonThenFlow(key, DeadLetterHeaders.Poison.UNKNOWN_SCHEMA);
    }

    @Test
    void aRecordOfAnotherSchemaGoesToTheDeadLetterTopicAsWrongSchema() {
        String key = "usage-" + UUID.randomUUID();
        send(
                key,
                UsageEvent.newBuilder()
                        .setEventId(key)
                        .setJobId(key)
                        .setTenantId("t")
                        .setProvider("openai")
                        .setModel("gpt-4.1-mini")
                        .setTaskType("code_analysis")
                        .setInputTokens(1L)
                        .setOutputTokens(1L)
                        .setCachedInputTokens(0L)
                        .setCostUsd(java.math.BigDecimal.ZERO.setScale(9))
                        .setCacheHit(false)
                        .setStatus(JobStatus.SUCCEEDED)
                        .setLatencyMs(1L)
                        .setTimestamp(Instant.now())
                        .build());

        assertPoisonThenFlow(key, DeadLetterHeaders.Poison.WRONG_SCHEMA);
    }

    @Test
    void aValidJobThatFailsValidationGetsAFailedResultAndGoesToTheDeadLetterTopic() {
        String jobId = "invalid-" + UUID.randomUUID();
        send(
                jobId,
                CompletionRequest.newBuilder(job(jobId))
                        .setModel("no-such-model")
                        .build());

        CompletionResult result = awaitResults(jobId, 1).getFirst();
        assertThat(result.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(result.getErrorType()).isEqualTo("INVALID_REQUEST");
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(jobId);
        assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.ERROR_TYPE))
                .contains("INVALID_REQUEST");
        assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                .contains(REQUESTS);
    }

    @Test
    void jobsArrivingWhilePostgresIsUnreachableForTwentySecondsAllFinishOnceAndNoneIsLost() {
        List<String> before = jobIds("before-outage", 20);
        before.forEach(id -> send(id, job(id)));
        database.cut();
        List<String> during = jobIds("during-outage", 20);
        try {
            during.forEach(id -> send(id, job(id)));
            await().pollDelay(Duration.ofSeconds(20))
                    .atMost(Duration.ofSeconds(21))
                    .until(() -> true);
        } finally {
            database.restore();
        }

        List<String> all = new ArrayList<>(before);
        all.addAll(during);
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(all)
                        .allSatisfy(id -> assertThat(results.get(id)).isNotEmpty()));
        assertThat(all).allSatisfy(id -> {
            assertThat(results.get(id))
                    .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(JobStatus.SUCCEEDED));
            assertThat(results.get(id).stream()
                            .map(CompletionResult::getContent)
                            .distinct())
                    .hasSize(1);
        });
        assertThat(deadLetters).noneMatch(r -> all.contains(r.key()));
        List<String> calls = all.stream()
                .map(id -> EventIds.forCall(TENANT, id, 0, "openai", "gpt-4.1-mini"))
                .toList();
        assertThat(sim.ledger().stream()
                        .filter(e -> calls.contains(e.requestId()))
                        .count())
                .as("one provider call per job")
                .isEqualTo(all.size());
    }

    private static ConsumerRecord<String, byte[]> assertPoisonThenFlow(String key, DeadLetterHeaders.Poison kind) {
        String after = "after-" + key;
        send(after, job(after));
        assertThat(awaitResults(after, 1).getFirst().getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(key);
        assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.ERROR_TYPE))
                .contains(kind.name());
        assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.ERROR_MESSAGE))
                .isPresent();
        assertThat(results).doesNotContainKey(key);
        return dead;
    }

    private static List<String> jobIds(String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> prefix + "-" + i + "-" + UUID.randomUUID())
                .toList();
    }

    private static CompletionRequest job(String jobId) {
        return CompletionRequest.newBuilder()
                .setJobId(jobId)
                .setTenantId(TENANT)
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "Review class Cart for bugs " + jobId)))
                .setMaxTokens(50)
                .setSubmittedAt(Instant.now())
                .build();
    }

    private static void send(String key, Object value) {
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.producerConfig(infra.registry().apiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (var producer = new KafkaProducer<String, Object>(config)) {
            producer.send(new ProducerRecord<>(REQUESTS, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sendRaw(String key, byte[] value) {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(REQUESTS, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CompletionResult> awaitResults(String jobId, int count) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> List.copyOf(results.getOrDefault(jobId, List.of())), r -> r.size() >= count);
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> deadLetters.stream()
                                .filter(r -> key.equals(r.key()))
                                .findFirst()
                                .orElse(null),
                        r -> r != null);
    }

    private static void readResults() {
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.consumerConfig(infra.registry().apiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "results-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<String, Object>(config)) {
            consumer.subscribe(List.of(RESULTS));
            while (reading) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> results.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>())
                                .add((CompletionResult) r.value()));
            }
        }
    }

    private static void readDeadLetters() {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlt-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(DLT));
            while (reading) {
                consumer.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
            }
        }
    }

    private static CuttableProxy proxyTo(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        try {
            return new CuttableProxy(uri.getHost(), uri.getPort());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
