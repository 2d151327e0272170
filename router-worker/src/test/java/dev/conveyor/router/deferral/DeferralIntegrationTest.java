package dev.conveyor.router.deferral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.router.RoutingDatabase;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.UsageEvent;
import dev.conveyor.sim.BatchSpec;
import dev.conveyor.sim.LedgerEntry;
import dev.conveyor.sim.ProviderSimulator;
import dev.conveyor.sim.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Deferral end to end on a real broker, registry and PostgreSQL, the simulator answering OpenAI's
 * Batch API: jobs that may wait go through it at batch prices, the rest are called; a request that
 * fails in its batch moves down the chain, an expired batch's jobs are called synchronously; a
 * submission whose worker died is found at the provider, not submitted twice.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.config.name=router-worker",
            "conveyor.router.tenants.must-exist=false",
            "conveyor.router.retry.initial-backoff=5ms",
            "conveyor.router.retry.max-backoff=20ms",
            "conveyor.router.routes.documentation.strategy=cost",
            "conveyor.router.routes.documentation.models[0]=openai/gpt-4.1-mini",
            "conveyor.router.routes.documentation.models[1]=openai/gpt-4o-mini",
            "conveyor.router.deferral.flush-age=0s",
            "conveyor.router.deferral.poll-interval=500ms",
            "conveyor.router.deferral.lease=5s"
        })
class DeferralIntegrationTest {

    private static final Infrastructure infra = Infrastructure.shared();
    private static final String PREFIX = "deferral-it-" + UUID.randomUUID();
    private static final String REQUESTS = PREFIX + ".requests";
    private static final String RESULTS = PREFIX + ".results";
    private static final String USAGE = PREFIX + ".usage";
    private static final ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults());

    @Autowired
    Catalog catalog;

    @Autowired
    DeferredJobs store;

    @Autowired
    dev.conveyor.router.provider.Providers providers;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl());
        registry.add("spring.datasource.username", () -> infra.postgres().username());
        registry.add("spring.datasource.password", () -> infra.postgres().password());
        registry.add("conveyor.registry.url", () -> infra.registry().apiUrl());
        registry.add("conveyor.router.topics.requests", () -> REQUESTS);
        registry.add("conveyor.router.topics.results", () -> RESULTS);
        registry.add("conveyor.router.topics.usage", () -> USAGE);
        registry.add("conveyor.router.topics.dead-letter", () -> PREFIX + ".dlt");
        registry.add("conveyor.router.providers.openai.base-url", sim::baseUrl);
        registry.add("conveyor.router.providers.openai.api-key", () -> "test-key");
        registry.add("conveyor.router.providers.anthropic.base-url", sim::baseUrl);
        registry.add("conveyor.router.providers.anthropic.api-key", () -> "test-key");
        registry.add("spring.kafka.consumer.group-id", () -> PREFIX);
    }

    @AfterEach
    void batchesAsUsual() {
        sim.reconfigure(c -> c.withBatch(BatchSpec.defaults()));
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @Test
    void jobsThatMayWaitGoThroughTheBatchApiAtBatchPricesAndTheOthersAreCalled() {
        String run = UUID.randomUUID().toString();
        CompletionRequest far = job("far-" + run, Instant.now().plus(Duration.ofHours(36)), false);
        CompletionRequest marked = job("marked-" + run, Instant.now().plus(Duration.ofHours(24)), true);
        CompletionRequest near = job("near-" + run, Instant.now().plus(Duration.ofHours(2)), false);
        CompletionRequest none = job("none-" + run, null, false);
        // far is delivered twice while it waits: kept once, never also called synchronously
        List.of(far, far, marked, near, none).forEach(DeferralIntegrationTest::send);

        for (CompletionRequest job : List.of(far, marked)) {
            CompletionResult result =
                    await(RESULTS, CompletionResult.class, r -> r.getJobId().equals(job.getJobId()));
            assertThat(result.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(result.getModel()).isEqualTo("gpt-4o-mini");
            assertThat(result.getAttempts()).isEmpty();
            UsageEvent usage = await(USAGE, UsageEvent.class, u -> u.getJobId().equals(job.getJobId()));
            Model spec = catalog.find("openai", "gpt-4o-mini").orElseThrow();
            LocalDate today = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC);
            Tokens tokens = new Tokens(
                    usage.getInputTokens(), usage.getCachedInputTokens(), 0, 0, usage.getOutputTokens(), true);
            assertThat(usage.getBatchApi()).isTrue();
            assertThat(usage.getCostUsd()).isEqualByComparingTo(spec.cost(tokens, today));
            assertThat(usage.getListCostUsd())
                    .isEqualByComparingTo(spec.cost(
                            new Tokens(tokens.input(), tokens.cachedInput(), 0, 0, tokens.output(), false), today));
            assertThat(usage.getCostUsd()).isLessThan(usage.getListCostUsd());
            // the simulator answered it once, in a batch, under the usage event's id
            assertThat(sim.ledger())
                    .filteredOn(e -> e.requestId().equals(usage.getEventId()))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.batch()).isTrue();
                        assertThat((long) e.inputTokens()).isEqualTo(usage.getInputTokens());
                    });
            assertThat(sim.ledger())
                    .as("no synchronous call of a deferred job")
                    .noneMatch(e -> !e.batch()
                            && e.requestId()
                                    .equals(dev.conveyor.schemas.EventIds.forCall(job, 0, "openai", "gpt-4o-mini")));
        }
        for (CompletionRequest job : List.of(near, none)) {
            UsageEvent usage = await(USAGE, UsageEvent.class, u -> u.getJobId().equals(job.getJobId()));
            assertThat(usage.getBatchApi()).isFalse();
            assertThat(usage.getListCostUsd()).isNull();
        }
        assertThat(store.isDeferred(far.getTenantId(), far.getJobId())).isFalse();
    }

    @Test
    void anAnthropicJobGoesThroughMessageBatches() {
        CompletionRequest job = CompletionRequest.newBuilder(
                        job("claude-" + UUID.randomUUID(), Instant.now().plus(Duration.ofHours(26)), false))
                .setProvider("anthropic")
                .setModel("claude-haiku-4.5")
                .build();
        send(job);

        CompletionResult result =
                await(RESULTS, CompletionResult.class, r -> r.getJobId().equals(job.getJobId()));
        UsageEvent usage = await(USAGE, UsageEvent.class, u -> u.getJobId().equals(job.getJobId()));

        assertThat(result.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(result.getContent()).isNotBlank();
        assertThat(usage.getBatchApi()).isTrue();
        assertThat(usage.getCostUsd()).isLessThan(usage.getListCostUsd());
        assertThat(sim.ledger())
                .filteredOn(e -> e.requestId().equals(usage.getEventId()))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.batch()).isTrue();
                    assertThat(e.protocol()).isEqualTo(dev.conveyor.sim.Protocol.ANTHROPIC);
                    assertThat(e.model()).isEqualTo("claude-haiku-4-5");
                });
    }

    @Test
    void aRequestThatFailsInItsBatchMovesDownItsChain() {
        sim.reconfigure(c -> c.withBatch(BatchSpec.defaults().withFailureFraction(1.0)));
        CompletionRequest job = job("fails-" + UUID.randomUUID(), Instant.now().plus(Duration.ofHours(30)), false);
        send(job);

        CompletionResult result =
                await(RESULTS, CompletionResult.class, r -> r.getJobId().equals(job.getJobId()));

        assertThat(result.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(result.getModel()).isEqualTo("gpt-4.1-mini");
        assertThat(result.getAttempts()).singleElement().satisfies(a -> {
            assertThat(a.getModel()).isEqualTo("gpt-4o-mini");
            assertThat(a.getErrorMessage()).startsWith("in a provider batch");
        });
    }

    @Test
    void anExpiredBatchsJobsAreCalledSynchronously() {
        sim.reconfigure(c -> c.withBatch(
                BatchSpec.defaults().withDelay(Duration.ofMinutes(10)).withExpireAfter(Duration.ofSeconds(1))));
        CompletionRequest job =
                job("expires-" + UUID.randomUUID(), Instant.now().plus(Duration.ofHours(30)), false);
        send(job);

        CompletionResult result =
                await(RESULTS, CompletionResult.class, r -> r.getJobId().equals(job.getJobId()));

        assertThat(result.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(result.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(result.getAttempts())
                .singleElement()
                .satisfies(a -> assertThat(a.getErrorType()).isEqualTo("TIMEOUT"));
        UsageEvent usage = await(USAGE, UsageEvent.class, u -> u.getJobId().equals(job.getJobId()));
        assertThat(usage.getBatchApi()).isFalse();
        assertThat(sim.ledger())
                .filteredOn(e -> e.requestId().equals(usage.getEventId()))
                .singleElement()
                .satisfies(e -> assertThat(e.batch()).isFalse());
    }

    @Test
    void aSubmissionWhoseWorkerDiedIsFoundAtTheProviderNotSubmittedTwice() throws Exception {
        // a worker claimed a batch, submitted it, and died before recording the provider's id
        CompletionRequest job = job("orphan-" + UUID.randomUUID(), Instant.now().plus(Duration.ofHours(30)), false);
        var jdbc = RoutingDatabase.jdbc();
        jdbc.sql("""
                        INSERT INTO routing.provider_batches (id, topic, provider, model, state, requests, bytes, lease_owner, lease_until)
                        VALUES (:id, :topic, 'openai', 'gpt-4o-mini', 'SUBMITTING', 1, 100, 'dead', now() + interval '1 hour')
                        """)
                .param("id", "cvb_orphan_" + job.getJobId().substring(7, 15))
                .param("topic", REQUESTS)
                .update();
        String batchId = "cvb_orphan_" + job.getJobId().substring(7, 15);
        CompletionRequest planned = CompletionRequest.newBuilder(job)
                .setPlan(List.of(
                        new dev.conveyor.schemas.ModelRef("openai", "gpt-4o-mini"),
                        new dev.conveyor.schemas.ModelRef("openai", "gpt-4.1-mini")))
                .build();
        jdbc.sql("""
                        INSERT INTO routing.deferred_jobs
                            (tenant_id, job_id, lane, topic, provider, model, request, line_bytes, provider_batch)
                        VALUES (:tenant, :job, 'bulk', :topic, 'openai', 'gpt-4o-mini', :request, 100, :batch)
                        """)
                .param("tenant", planned.getTenantId())
                .param("job", planned.getJobId())
                .param("topic", REQUESTS)
                .param("request", DeferredJobs.encode(planned))
                .param("batch", batchId)
                .update();
        var deferred = store.jobsOf(batchId).getFirst();
        var api = providers.batchApi("openai").orElseThrow();
        var call = new dev.conveyor.router.provider.ProviderCall(
                "gpt-4o-mini",
                null,
                List.of(new dev.conveyor.router.provider.ProviderCall.Message("user", "Document class Cart")),
                100,
                null,
                "x");
        String submitted = api.submit(batchId, List.of(api.line(deferred.customId(), call)));
        jdbc.sql("UPDATE routing.provider_batches SET lease_until = now() - interval '1 second' WHERE id = :id")
                .param("id", batchId)
                .update();

        CompletionResult result =
                await(RESULTS, CompletionResult.class, r -> r.getJobId().equals(job.getJobId()));

        assertThat(result.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(sim.ledger())
                .filteredOn(LedgerEntry::batch)
                .filteredOn(e -> e.requestId().equals(deferred.customId()))
                .hasSize(1);
        assertThat(api.findSubmitted(batchId, Instant.now().minus(1, ChronoUnit.HOURS), 1))
                .contains(submitted);
    }

    private static CompletionRequest job(String jobId, Instant deadline, boolean deferrable) {
        return CompletionRequest.newBuilder()
                .setJobId(jobId)
                .setTenantId("tenant-deferral")
                .setTaskType("documentation")
                .setMessages(List.of(new ChatMessage("user", "Document class Cart " + jobId)))
                .setMaxTokens(100)
                .setDeadline(deadline == null ? null : deadline.truncatedTo(ChronoUnit.MILLIS))
                .setDeferrable(deferrable)
                .setSubmittedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static void send(CompletionRequest job) {
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.producerConfig(infra.registry().apiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (var producer = new KafkaProducer<String, Object>(config)) {
            producer.send(new ProducerRecord<>(REQUESTS, job.getJobId(), job)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first record of {@code type} on {@code topic} that matches, waiting up to a minute for it. */
    private static <T> T await(String topic, Class<T> type, Predicate<T> wanted) {
        List<T> seen = new CopyOnWriteArrayList<>();
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.consumerConfig(infra.registry().apiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<String, Object>(config)) {
            consumer.subscribe(List.of(topic));
            return org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                                    if (type.isInstance(r.value()) && wanted.test(type.cast(r.value()))) {
                                        seen.add(type.cast(r.value()));
                                    }
                                });
                                return seen.isEmpty() ? null : seen.getFirst();
                            },
                            java.util.Objects::nonNull);
        }
    }
}
