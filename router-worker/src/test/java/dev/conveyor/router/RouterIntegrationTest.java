package dev.conveyor.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.EventIds;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.sim.FaultSpec;
import dev.conveyor.sim.ProviderSimulator;
import dev.conveyor.sim.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The router on a real broker, registry and PostgreSQL, calling the provider simulator. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.config.name=router-worker",
            "conveyor.router.retry.initial-backoff=5ms",
            "conveyor.router.retry.max-backoff=20ms",
            "conveyor.router.routes.code_analysis.strategy=cost",
            "conveyor.router.routes.code_analysis.models[0]=openai/gpt-4.1-mini",
            "conveyor.router.routes.code_analysis.models[1]=openai/gpt-4o-mini",
            "conveyor.router.circuit.failure-threshold=100",
            "conveyor.router.circuit.sliding-window-size=100",
            "conveyor.router.circuit.minimum-calls=100"
        })
class RouterIntegrationTest {

    private static final Infrastructure infra = Infrastructure.shared();
    private static final String PREFIX = "router-it-" + UUID.randomUUID();
    private static final String REQUESTS = PREFIX + ".requests";
    private static final String RESULTS = PREFIX + ".results";
    private static final String DLT = PREFIX + ".dlt";
    private static final String REPLIES = PREFIX + ".replies";
    private static final ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults()
            .withModel("gpt-4o-mini", m -> m.withFaults(FaultSpec.none().withErrorRate(500, 1.0))));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl());
        registry.add("spring.datasource.username", () -> infra.postgres().username());
        registry.add("spring.datasource.password", () -> infra.postgres().password());
        registry.add("conveyor.registry.url", () -> infra.registry().apiUrl());
        registry.add("conveyor.router.topics.requests", () -> REQUESTS);
        registry.add("conveyor.router.topics.results", () -> RESULTS);
        registry.add("conveyor.router.topics.usage", () -> PREFIX + ".usage");
        registry.add("conveyor.router.topics.dead-letter", () -> DLT);
        registry.add("conveyor.router.topics.reply-topics[0]", () -> REPLIES);
        registry.add("conveyor.router.providers.openai.base-url", sim::baseUrl);
        registry.add("conveyor.router.providers.openai.api-key", () -> "test-key");
        registry.add("spring.kafka.consumer.group-id", () -> PREFIX);
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @Test
    void theRouterCreatesEveryTopicItReadsOrWritesWhenItStarts() throws Exception {
        String interactive = REQUESTS + ".interactive";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .contains(REQUESTS, REQUESTS + ".fallback-1", REQUESTS + ".fallback-2", REQUESTS + ".fallback-3")
                    .contains(interactive, interactive + ".fallback-1", interactive + ".fallback-3")
                    .contains(RESULTS, REPLIES, PREFIX + ".usage", DLT);
        }
    }

    @Test
    void aFailingModelIsRetriedThenTheJobFallsBackThroughTheFallbackTopic() {
        String jobId = "fallback-" + UUID.randomUUID();
        send(job(jobId));

        CompletionResult result = awaitResults(jobId, 1).getFirst();

        assertThat(result.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(result.getModel()).isEqualTo("gpt-4.1-mini");
        assertThat(result.getAttempts()).hasSize(3).allSatisfy(a -> {
            assertThat(a.getModel()).isEqualTo("gpt-4o-mini");
            assertThat(a.getErrorType()).isEqualTo("SERVER_ERROR");
        });
        String callId = EventIds.forCall("tenant-" + jobId, jobId, 3, "openai", "gpt-4.1-mini");
        assertThat(sim.ledger())
                .filteredOn(e -> e.requestId().equals(callId))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.inputTokens()).isEqualTo(result.getUsage().getInputTokens()));
    }

    @Test
    void aRedeliveredJobIsAnsweredAgainWithoutPayingTwice() {
        String jobId = "again-" + UUID.randomUUID();
        CompletionRequest job = job(jobId);
        send(job);
        CompletionResult first = awaitResults(jobId, 1).getFirst();
        send(job);

        List<CompletionResult> results = awaitResults(jobId, 2);

        assertThat(results.get(1)).isEqualTo(first);
        String callId = EventIds.forCall("tenant-" + jobId, jobId, 3, "openai", "gpt-4.1-mini");
        assertThat(sim.ledger()).filteredOn(e -> e.requestId().equals(callId)).hasSize(1);
    }

    @Test
    void anIdenticalRequestFromTheSameTenantIsAnsweredFromTheCacheAndAnotherTenantsIsNot() {
        String prompt = "Document class Ledger " + UUID.randomUUID();
        CompletionRequest first = withPrompt(job("cache-a-" + UUID.randomUUID()), "tenant-cache", prompt);
        CompletionRequest again = withPrompt(job("cache-b-" + UUID.randomUUID()), "tenant-cache", prompt);
        CompletionRequest otherTenant = withPrompt(job("cache-c-" + UUID.randomUUID()), "tenant-other", prompt);

        send(first);
        CompletionResult original = awaitResults(first.getJobId(), 1).getFirst();
        send(again);
        send(otherTenant);
        CompletionResult replayed = awaitResults(again.getJobId(), 1).getFirst();
        CompletionResult separate = awaitResults(otherTenant.getJobId(), 1).getFirst();

        assertThat(original.getCacheHit()).isFalse();
        assertThat(replayed.getCacheHit()).isTrue();
        assertThat(replayed.getContent()).isEqualTo(original.getContent());
        assertThat(replayed.getCostUsd()).isZero();
        assertThat(separate.getCacheHit()).isFalse();
        assertThat(sim.ledger())
                .filteredOn(e -> e.requestId()
                        .equals(EventIds.forCall(again.getTenantId(), again.getJobId(), 3, "openai", "gpt-4.1-mini")))
                .isEmpty();
    }

    @Test
    void aJobNamingAnAllowListedReplyTopicIsAnsweredThere() {
        String jobId = "reply-" + UUID.randomUUID();
        send(CompletionRequest.newBuilder(job(jobId)).setReplyTopic(REPLIES).build());

        assertThat(awaitResults(REPLIES, jobId, 1).getFirst().getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aJobNamingAnotherReplyTopicOrAnUnknownTenantOrBreakingTheApisRulesFailsWithoutACallAndIsDeadLettered() {
        String suffix = UUID.randomUUID().toString();
        List<CompletionRequest> refused = List.of(
                CompletionRequest.newBuilder(job("usage-topic-" + suffix))
                        .setReplyTopic(PREFIX + ".usage")
                        .build(),
                CompletionRequest.newBuilder(job("requests-topic-" + suffix))
                        .setReplyTopic(REQUESTS)
                        .build(),
                CompletionRequest.newBuilder(job("stranger-" + suffix))
                        .setTenantId("never-registered-" + suffix)
                        .build(),
                CompletionRequest.newBuilder(job("no-messages-" + suffix))
                        .setMessages(List.of())
                        .build(),
                CompletionRequest.newBuilder(job("negative-" + suffix))
                        .setMaxTokens(-1)
                        .build());
        refused.forEach(RouterIntegrationTest::send);
        sendUnregistered(CompletionRequest.newBuilder(job("empty-tenant-" + suffix))
                .setTenantId("")
                .build());

        for (String jobId :
                List.of("usage-topic-", "requests-topic-", "stranger-", "no-messages-", "negative-", "empty-tenant-")) {
            CompletionResult result = awaitResults(RESULTS, jobId + suffix, 1).getFirst();
            assertThat(result.getStatus()).as(jobId).isEqualTo(JobStatus.FAILED);
            assertThat(result.getErrorType()).as(jobId).isEqualTo("INVALID_REQUEST");
            List<String> anyCall = new ArrayList<>();
            for (int attempt = 0; attempt < 4; attempt++) {
                for (String model : List.of("gpt-4o-mini", "gpt-4.1-mini")) {
                    for (String tenant : List.of("tenant-" + jobId + suffix, "never-registered-" + suffix, "")) {
                        anyCall.add(EventIds.forCall(tenant, jobId + suffix, attempt, "openai", model));
                    }
                }
            }
            assertThat(sim.ledger()).as(jobId).noneMatch(e -> anyCall.contains(e.requestId()));
        }
        List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> rawRecords(DLT).stream()
                                .filter(r -> r.key().endsWith(suffix))
                                .toList(),
                        records -> records.size() >= 6);
        assertThat(dead)
                .allSatisfy(r -> assertThat(new String(
                                r.headers().lastHeader("conveyor.error.type").value()))
                        .isEqualTo("INVALID_REQUEST"));
        assertThat(rawRecords(PREFIX + ".usage")).noneMatch(r -> r.key().endsWith(suffix));
        assertThat(rawRecords(REQUESTS))
                .filteredOn(r -> r.key().endsWith(suffix))
                .hasSize(refused.size() + 1);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndLaterJobsStillFlow() {
        String poisonKey = "poison-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(REQUESTS, poisonKey, "not avro".getBytes()))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String jobId = "after-poison-" + UUID.randomUUID();
        send(job(jobId));

        assertThat(awaitResults(jobId, 1)).hasSize(1);
        ConsumerRecord<String, byte[]> dead = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> rawRecords(DLT).stream()
                                .filter(r -> poisonKey.equals(r.key()))
                                .findFirst()
                                .orElse(null),
                        r -> r != null);
        assertThat(new String(dead.value())).isEqualTo("not avro");
        assertThat(dead.headers().lastHeader("conveyor.error.message")).isNotNull();
    }

    private static CompletionRequest job(String jobId) {
        return CompletionRequest.newBuilder()
                .setJobId(jobId)
                .setTenantId("tenant-" + jobId)
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "Review class Cart for bugs")))
                .setMaxTokens(200)
                .setSubmittedAt(Instant.now())
                .build();
    }

    private static CompletionRequest withPrompt(CompletionRequest job, String tenant, String prompt) {
        return CompletionRequest.newBuilder(job)
                .setTenantId(tenant)
                .setMessages(List.of(new ChatMessage("user", prompt)))
                .build();
    }

    /** Registers the job's tenant as producer-api would (a row in {@code intake.tenants}), then sends the job. */
    private static void send(CompletionRequest job) {
        register(job.getTenantId().toString());
        sendUnregistered(job);
    }

    private static void register(String tenant) {
        if (tenant.startsWith("never-registered-")) {
            return;
        }
        JdbcClient jdbc = RoutingDatabase.jdbc();
        jdbc.sql("CREATE SCHEMA IF NOT EXISTS intake").update();
        jdbc.sql("CREATE TABLE IF NOT EXISTS intake.tenants (tenant_id TEXT PRIMARY KEY)")
                .update();
        jdbc.sql("INSERT INTO intake.tenants (tenant_id) VALUES (:t) ON CONFLICT DO NOTHING")
                .param("t", tenant)
                .update();
    }

    private static void sendUnregistered(CompletionRequest job) {
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.producerConfig(infra.registry().apiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (var producer = new KafkaProducer<String, Object>(config)) {
            producer.send(new ProducerRecord<>(REQUESTS, job.getJobId(), job)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final List<CompletionResult> seen = new CopyOnWriteArrayList<>();

    private static List<CompletionResult> awaitResults(String jobId, int count) {
        return awaitResults(RESULTS, jobId, count);
    }

    private static List<CompletionResult> awaitResults(String topic, String jobId, int count) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            seen.clear();
                            Map<String, Object> config = new HashMap<>(
                                    AvroSerdes.consumerConfig(infra.registry().apiUrl()));
                            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
                            config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
                            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                            try (var consumer = new KafkaConsumer<String, Object>(config)) {
                                consumer.subscribe(List.of(topic));
                                long until = System.currentTimeMillis() + 3000;
                                while (System.currentTimeMillis() < until) {
                                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                                        if (r.key().equals(jobId)) {
                                            seen.add((CompletionResult) r.value());
                                        }
                                    });
                                }
                            }
                            return new ArrayList<>(seen);
                        },
                        results -> results.size() >= count);
    }

    private static List<ConsumerRecord<String, byte[]>> rawRecords(String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "raw-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
