package dev.conveyor.router.dispatch;

import static dev.conveyor.router.TestSettings.model;
import static dev.conveyor.router.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.RoutingDatabase;
import dev.conveyor.router.TestSettings;
import dev.conveyor.router.budget.BudgetDatabase;
import dev.conveyor.router.budget.BudgetGate;
import dev.conveyor.router.cache.ResponseCache;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.routing.ModelStats;
import dev.conveyor.router.routing.Planner;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.DeadLetterHeaders;
import dev.conveyor.schemas.EventIds;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.ModelRef;
import dev.conveyor.schemas.UsageEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

class JobProcessorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final Catalog catalog = TestSettings.catalog(List.of(
            model("p1", "small", "1", "2", 4_000),
            model("p2", "other-small", "1", "2", 4_000),
            model("p2", "large", "1", "2", 100_000)));
    private final RouterSettings settings =
            settings(Map.of(), Map.of("code_analysis", TestSettings.route("p1/small", "p2/other-small", "p2/large")));
    private final ScriptedClient p1 = new ScriptedClient("p1");
    private final ScriptedClient p2 = new ScriptedClient("p2");
    private final List<Duration> pauses = new ArrayList<>();
    private final CircuitBreakers breakers = new CircuitBreakers(
            new RouterSettings.Circuit(10, Duration.ofMinutes(5)),
            Clock.systemUTC(),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    private final JobProcessor processor = processor();

    @Test
    void transientErrorsAreRetriedOnTheSameModelAndTheSuccessIsBilledUnderItsOwnCallId() {
        p1.fail(ErrorType.SERVER_ERROR).fail(ErrorType.OVERLOADED).succeed();

        Outcome outcome = processor.handle("req", job());

        Outcome.Finished finished = (Outcome.Finished) outcome;
        assertThat(finished.result().getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(finished.result().getAttempts())
                .extracting(a -> a.getErrorType())
                .containsExactly("SERVER_ERROR", "OVERLOADED");
        assertThat(finished.usage())
                .singleElement()
                .satisfies(u -> assertThat(u.getEventId()).isEqualTo(EventIds.forCall("t", "job-1", 2, "p1", "small")));
        assertThat(p1.requestIds)
                .containsExactly(
                        EventIds.forCall("t", "job-1", 0, "p1", "small"),
                        EventIds.forCall("t", "job-1", 1, "p1", "small"),
                        EventIds.forCall("t", "job-1", 2, "p1", "small"));
        assertThat(pauses).hasSize(2);
    }

    @Test
    void aJobThatBreaksTheApisRulesOrNamesAnUnknownTenantOrReplyTopicFailsAsAnInvalidRequestWithoutACall() {
        Map<String, CompletionRequest> broken = new LinkedHashMap<>();
        broken.put(
                "/tenant_id",
                CompletionRequest.newBuilder(job()).setTenantId("").build());
        broken.put(
                "/tenant_id: no tenant",
                CompletionRequest.newBuilder(job()).setTenantId("ghost").build());
        broken.put(
                "/messages",
                CompletionRequest.newBuilder(job()).setMessages(List.of()).build());
        broken.put(
                "/messages/0/content",
                CompletionRequest.newBuilder(job())
                        .setMessages(List.of(new ChatMessage("user", "nul \0 here")))
                        .build());
        broken.put(
                "/messages/0/role",
                CompletionRequest.newBuilder(job())
                        .setMessages(List.of(new ChatMessage("robot", "hi")))
                        .build());
        broken.put(
                "/max_tokens",
                CompletionRequest.newBuilder(job()).setMaxTokens(-5).build());
        broken.put(
                "/temperature",
                CompletionRequest.newBuilder(job()).setTemperature(Double.NaN).build());
        broken.put("/job_id", CompletionRequest.newBuilder(job()).setJobId("").build());
        broken.put(
                "/reply_topic",
                CompletionRequest.newBuilder(job()).setReplyTopic("llm.usage").build());
        p1.succeed();

        broken.forEach((fault, job) -> {
            Outcome.Finished finished = (Outcome.Finished) processor.handle("req", job);
            assertThat(finished.result().getStatus()).as(fault).isEqualTo(JobStatus.FAILED);
            assertThat(finished.result().getErrorType()).as(fault).isEqualTo("INVALID_REQUEST");
            assertThat(finished.result().getErrorMessage()).as(fault).startsWith(fault);
            assertThat(finished.deadLetter()).as(fault).isTrue();
            assertThat(finished.usage()).as(fault).isEmpty();
        });
        assertThat(p1.requestIds).isEmpty();
        assertThat(((Outcome.Finished) processor.handle(
                                "req",
                                CompletionRequest.newBuilder(job())
                                        .setReplyTopic("replies.allowed")
                                        .build()))
                        .result()
                        .getStatus())
                .isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aModelThatKeepsFailingSendsTheJobToTheNextFallbackTopicWithItsHistory() {
        p1.fail(ErrorType.SERVER_ERROR).fail(ErrorType.SERVER_ERROR).fail(ErrorType.SERVER_ERROR);

        Outcome.Forwarded forwarded = (Outcome.Forwarded) processor.handle("req", job());

        assertThat(forwarded.topic()).isEqualTo("req.fallback-1");
        assertThat(forwarded.job().getAttempts()).hasSize(3);
        assertThat(forwarded.job().getPlan())
                .containsExactly(
                        new ModelRef("p1", "small"), new ModelRef("p2", "other-small"), new ModelRef("p2", "large"));
    }

    @Test
    void aJobOnTheInteractiveLaneFallsBackWithinItsLane() {
        p1.fail(ErrorType.SERVER_ERROR).fail(ErrorType.SERVER_ERROR).fail(ErrorType.SERVER_ERROR);

        Outcome.Forwarded forwarded = (Outcome.Forwarded) processor.handle("req.interactive", job());

        assertThat(forwarded.topic()).isEqualTo("req.interactive.fallback-1");
    }

    @Test
    void aJobPastItsDeadlineIsFailedWithDeadlineExceededAndNoProviderIsCalled() {
        CompletionRequest late = CompletionRequest.newBuilder(job())
                .setDeadline(NOW.minusSeconds(1))
                .build();

        Outcome.Finished finished = (Outcome.Finished) processor.handle("req", late);

        assertThat(finished.result().getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(finished.result().getErrorType()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(finished.usage()).isEmpty();
        assertThat(p1.requestIds).isEmpty();
    }

    @Test
    void aRetryWhosePauseWouldReachTheDeadlineIsNotMade() {
        p1.fail(ErrorType.SERVER_ERROR, Duration.ofMillis(500)).succeed();
        CompletionRequest soon = CompletionRequest.newBuilder(job())
                .setDeadline(NOW.plusMillis(300))
                .build();

        Outcome.Forwarded forwarded = (Outcome.Forwarded) processor.handle("req", soon);

        assertThat(p1.requestIds).hasSize(1);
        assertThat(pauses).isEmpty();
        assertThat(forwarded.topic()).isEqualTo("req.fallback-1");
    }

    @Test
    void aJobOnAFallbackTopicCallsThatStepsModel() {
        p1.fail(ErrorType.SERVER_ERROR).fail(ErrorType.SERVER_ERROR).fail(ErrorType.SERVER_ERROR);
        Outcome.Forwarded forwarded = (Outcome.Forwarded) processor.handle("req", job());
        p2.succeed();

        Outcome.Finished finished = (Outcome.Finished) processor.handle(forwarded.topic(), forwarded.job());

        assertThat(finished.result().getModel()).isEqualTo("other-small");
        assertThat(finished.usage().getFirst().getEventId())
                .isEqualTo(EventIds.forCall("t", "job-1", 3, "p2", "other-small"));
    }

    @Test
    void aContextLengthErrorSkipsToAModelWithALargerWindow() {
        p1.fail(ErrorType.CONTEXT_LENGTH);

        Outcome.Forwarded forwarded = (Outcome.Forwarded) processor.handle("req", job());

        assertThat(forwarded.topic()).isEqualTo("req.fallback-2");
        assertThat(p1.requestIds).hasSize(1);
    }

    @Test
    void anInvalidRequestFailsAtOnceAndGoesToTheDeadLetterTopic() {
        p1.fail(ErrorType.INVALID_REQUEST);

        Outcome.Finished finished = (Outcome.Finished) processor.handle("req", job());

        assertThat(finished.result().getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(finished.result().getErrorType()).isEqualTo("INVALID_REQUEST");
        assertThat(finished.deadLetter()).isTrue();
        assertThat(finished.usage()).isEmpty();
    }

    @Test
    void theLastModelFailingEndsTheJobAsFailed() {
        p2.fail(ErrorType.AUTH);
        CompletionRequest onLastStep = CompletionRequest.newBuilder(job())
                .setPlan(List.of(
                        new ModelRef("p1", "small"), new ModelRef("p2", "other-small"), new ModelRef("p2", "large")))
                .build();

        Outcome.Finished finished = (Outcome.Finished) processor.handle("req.fallback-2", onLastStep);

        assertThat(finished.result().getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(finished.result().getErrorMessage()).startsWith("every planned model failed");
        assertThat(finished.deadLetter()).isTrue();
    }

    @Test
    void retryAfterIsHonouredAndTooLongARetryAfterMovesOn() {
        p1.fail(ErrorType.RATE_LIMIT, Duration.ofMillis(700)).succeed();
        processor.handle("req", job());
        assertThat(pauses).singleElement().satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(700)));

        pauses.clear();
        p1.fail(ErrorType.RATE_LIMIT, Duration.ofMinutes(5));
        Outcome outcome = processor.handle(
                "req", CompletionRequest.newBuilder(job()).setJobId("job-2").build());
        assertThat(outcome).isInstanceOf(Outcome.Forwarded.class);
        assertThat(pauses).isEmpty();
    }

    @Test
    void theTimeSpentOnProviderCallsIsCountedAsWaitingNotAsTheRoutersOverhead() {
        p1.latency = Duration.ofMillis(60);
        p1.fail(ErrorType.SERVER_ERROR).succeed();
        WaitTime waits = new WaitTime();

        long started = System.nanoTime();
        processor.handle("req", job(), waits);
        long elapsed = System.nanoTime() - started;

        assertThat(Duration.ofNanos(waits.nanos()))
                .as("two calls of 60 ms each")
                .isGreaterThanOrEqualTo(Duration.ofMillis(120));
        assertThat(waits.nanos()).isLessThanOrEqualTo(elapsed);
    }

    @Test
    void anAdapterThatThrowsSomethingUntypedFailsTheCallAsAServerErrorAndTheJobMovesOn() {
        p1.blowUp = true;

        Outcome outcome = processor.handle("req", job());

        Outcome.Forwarded forwarded = (Outcome.Forwarded) outcome;
        assertThat(forwarded.job().getAttempts())
                .extracting(a -> a.getErrorType())
                .containsOnly("SERVER_ERROR")
                .isNotEmpty();
        assertThat(forwarded.job().getAttempts().getFirst().getErrorMessage())
                .contains("p1 client failed")
                .contains("unexpected answer");
    }

    @Test
    void aJobWithACompletionRecordIsAnsweredFromItEvenWhenItWouldNowBePlannedDifferently() {
        String jobId = "recorded-" + UUID.randomUUID();
        MockProducer<String, Object> broker = broker();
        try (CompletionRecords records = new CompletionRecords(RoutingDatabase.jdbc(), new SimpleMeterRegistry())) {
            JobProcessor withRecords = processor(records, publisher(broker), null, new SimpleMeterRegistry());
            CompletionRequest first =
                    CompletionRequest.newBuilder(job()).setJobId(jobId).build();
            withRecords.process("req", first);
            assertThat(p1.requestIds).hasSize(1);
            Object published = broker.history().getLast().value();

            // redelivered, pinned to a model this worker no longer knows: the record still answers
            broker.clear();
            CompletionRequest again =
                    CompletionRequest.newBuilder(first).setModel("gone/model").build();
            withRecords.process("req", again);

            assertThat(p1.requestIds).as("no second call").hasSize(1);
            assertThat(broker.history())
                    .extracting(ProducerRecord::value)
                    .filteredOn(v -> v instanceof CompletionResult)
                    .containsExactly(published);
            assertThat(((CompletionResult) published).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        }
    }

    @Test
    void aFailedJobReDrivenFromTheDeadLetterTopicIsCalledAgainUnderNewCallIdsAndItsNewResultIsPublished() {
        String jobId = "redriven-" + UUID.randomUUID();
        MockProducer<String, Object> broker = broker();
        try (CompletionRecords records = new CompletionRecords(RoutingDatabase.jdbc(), new SimpleMeterRegistry())) {
            JobProcessor withRecords = processor(records, publisher(broker), null, new SimpleMeterRegistry());
            CompletionRequest job =
                    CompletionRequest.newBuilder(job()).setJobId(jobId).build();
            p1.fail(ErrorType.INVALID_REQUEST);
            withRecords.process("req", job);
            assertThat(results(broker)).extracting(CompletionResult::getStatus).containsExactly(JobStatus.FAILED);
            String firstCall = p1.requestIds.getLast();

            // a redelivery of the failed record is answered from the record, without a call
            broker.clear();
            withRecords.process("req", job);
            assertThat(p1.requestIds).hasSize(1);
            assertThat(results(broker)).extracting(CompletionResult::getStatus).containsExactly(JobStatus.FAILED);

            // the operator fixed the cause and re-drove it: a new call, under an id of its own
            broker.clear();
            withRecords.process(new Origin("req", 0, 7L, 0L, "req.dlt-0@3"), job);
            assertThat(p1.requestIds).hasSize(2);
            assertThat(p1.requestIds.getLast()).isNotEqualTo(firstCall);
            assertThat(results(broker)).extracting(CompletionResult::getStatus).containsExactly(JobStatus.SUCCEEDED);
            assertThat(broker.history())
                    .extracting(ProducerRecord::value)
                    .filteredOn(v -> v instanceof UsageEvent)
                    .extracting(v -> ((UsageEvent) v).getEventId())
                    .containsExactly(p1.requestIds.getLast());

            // its new outcome is the record: a second delivery of the re-driven record, or a plain
            // redelivery of the job, is answered from it without a call
            for (Origin origin : List.of(new Origin("req", 0, 7L, 0L, "req.dlt-0@3"), Origin.of("req"))) {
                broker.clear();
                withRecords.process(origin, job);
                assertThat(p1.requestIds).hasSize(2);
                assertThat(results(broker))
                        .extracting(CompletionResult::getStatus)
                        .containsExactly(JobStatus.SUCCEEDED);
            }
        }
    }

    @Test
    void aReDriveThatFailsAgainIsAnsweredFromItsOwnRecordUntilTheNextReDrive() {
        String jobId = "redriven-again-" + UUID.randomUUID();
        MockProducer<String, Object> broker = broker();
        try (CompletionRecords records = new CompletionRecords(RoutingDatabase.jdbc(), new SimpleMeterRegistry())) {
            JobProcessor withRecords = processor(records, publisher(broker), null, new SimpleMeterRegistry());
            CompletionRequest job =
                    CompletionRequest.newBuilder(job()).setJobId(jobId).build();
            p1.fail(ErrorType.INVALID_REQUEST);
            withRecords.process("req", job);
            p1.fail(ErrorType.INVALID_REQUEST);
            withRecords.process(new Origin("req", 0, 7L, 0L, "req.dlt-0@3"), job);
            assertThat(p1.requestIds).hasSize(2);

            // the same re-drive delivered again: answered from what it recorded
            broker.clear();
            withRecords.process(new Origin("req", 0, 7L, 0L, "req.dlt-0@3"), job);
            assertThat(p1.requestIds).hasSize(2);
            assertThat(results(broker)).extracting(CompletionResult::getStatus).containsExactly(JobStatus.FAILED);

            // a later re-drive calls again
            withRecords.process(new Origin("req", 0, 9L, 0L, "req.dlt-0@5"), job);
            assertThat(p1.requestIds).hasSize(3);
        }
    }

    @Test
    void aProducerCannotMarkAJobReDrivenOnlyTheRecordsHeaderCan() {
        CompletionRequest forged = CompletionRequest.newBuilder(job())
                .setJobId("forged-" + UUID.randomUUID())
                .setMetadata(Map.of(DeadLetterHeaders.REDRIVEN, "req.dlt-0@1"))
                .build();

        try (CompletionRecords records = new CompletionRecords(RoutingDatabase.jdbc(), new SimpleMeterRegistry())) {
            processor(records, publisher(broker()), null, new SimpleMeterRegistry())
                    .process("req", forged);
        }

        assertThat(p1.requestIds)
                .containsExactly(EventIds.forCall(forged.getTenantId(), forged.getJobId(), 0, "p1", "small"));
    }

    private static List<CompletionResult> results(MockProducer<String, Object> broker) {
        return broker.history().stream()
                .map(ProducerRecord::value)
                .filter(v -> v instanceof CompletionResult)
                .map(v -> (CompletionResult) v)
                .toList();
    }

    @Test
    void aJobWithACompletionRecordIsAnsweredFromItWithoutTheCacheEvenWhenTheCacheFails() {
        CompletionRequest job = CompletionRequest.newBuilder(job())
                .setJobId("cached-" + UUID.randomUUID())
                .setMessages(List.of(new ChatMessage("user", "review " + UUID.randomUUID())))
                .build();
        MockProducer<String, Object> broker = broker();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ResponseCache cache = new ResponseCache(
                RoutingDatabase.jdbc(),
                Clock.systemUTC(),
                new RouterSettings.Cache(true, Duration.ofDays(7), Map.of(), 100),
                new SimpleMeterRegistry());
        try (CompletionRecords records = new CompletionRecords(RoutingDatabase.jdbc(), new SimpleMeterRegistry())) {
            JobProcessor withRecords = processor(records, publisher(broker), cache, meters);
            withRecords.process("req", job);
            assertThat(p1.requestIds).hasSize(1);
            assertThat(meters.get("conveyor.cache.lookups")
                            .tag("result", "miss")
                            .counter()
                            .count())
                    .isEqualTo(1);
            Object published = broker.history().getLast().value();

            // redelivered twice: once as things are, once while the cache cannot answer (closed, as
            // in a shutdown; another temperature, so its in-memory front has no answer either); the
            // record answers both times
            broker.clear();
            withRecords.process("req", job);
            cache.close();
            withRecords.process(
                    "req", CompletionRequest.newBuilder(job).setTemperature(0.5).build());

            assertThat(p1.requestIds).as("no second call").hasSize(1);
            assertThat(broker.history())
                    .extracting(ProducerRecord::value)
                    .filteredOn(v -> v instanceof CompletionResult)
                    .containsExactly(published, published);
            assertThat(meters.find("conveyor.cache.lookups").counters())
                    .as("a job answered from its record is no cache lookup")
                    .extracting(c -> c.getId().getTag("result") + "=" + c.count())
                    .containsExactly("miss=1.0");
        } finally {
            cache.close();
        }
    }

    /** A broker stand-in that acknowledges every send; KafkaTemplate closes a producer after each send, so it ignores that. */
    private static MockProducer<String, Object> broker() {
        return new MockProducer<>(true, null, new StringSerializer(), (topic, v) -> new byte[0]) {
            @Override
            public void close(Duration timeout) {}
        };
    }

    private OutcomePublisher publisher(MockProducer<String, Object> broker) {
        return new OutcomePublisher(new KafkaTemplate<>(() -> broker), settings.topics(), new SimpleMeterRegistry());
    }

    @Test
    void aFailureThatOpensTheCircuitMovesTheJobOnWithoutAPauseBeforeARetryThatCouldNotBeMade() {
        for (int i = 0; i < 9; i++) { // one short of the threshold (10): the job's failure opens it
            breakers.onFailure("p1", "small", ErrorType.SERVER_ERROR);
        }
        p1.fail(ErrorType.SERVER_ERROR);

        Outcome.Forwarded forwarded = (Outcome.Forwarded) processor.handle("req", job());

        assertThat(pauses).as("no backoff before moving on").isEmpty();
        assertThat(p1.requestIds).hasSize(1);
        assertThat(forwarded.job().getAttempts())
                .singleElement()
                .satisfies(a -> assertThat(a.getErrorType()).isEqualTo("SERVER_ERROR"));
    }

    @Test
    void aModelSkippedForAnOpenCircuitIsNoAttemptAndTheJobFailsOfTheLastRealError() {
        p1.fail(ErrorType.SERVER_ERROR).fail(ErrorType.SERVER_ERROR).fail(ErrorType.SERVER_ERROR);
        Outcome.Forwarded first = (Outcome.Forwarded) processor.handle("req", job());
        for (int i = 0; i < 10; i++) {
            breakers.onFailure("p2", "other-small", ErrorType.SERVER_ERROR);
            breakers.onFailure("p2", "large", ErrorType.SERVER_ERROR);
        }

        Outcome.Forwarded second = (Outcome.Forwarded) processor.handle(first.topic(), first.job());
        Outcome.Finished finished = (Outcome.Finished) processor.handle(second.topic(), second.job());

        assertThat(p2.requestIds).isEmpty();
        assertThat(finished.result().getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(finished.result().getAttempts()).hasSize(3);
        assertThat(finished.result().getErrorType()).isEqualTo("SERVER_ERROR");
        assertThat(finished.result().getErrorMessage()).contains("SERVER_ERROR from p1");
    }

    @Test
    void aModelThatRefusesATemperatureIsCalledWithoutOne() {
        Model reasoning = new Model(
                "p1",
                "small",
                "small",
                catalog.find("p1/small").orElseThrow().prices(),
                100_000,
                8_192,
                java.util.Set.of("chat"),
                3,
                Duration.ofSeconds(2),
                null,
                true);
        Catalog withReasoning = TestSettings.catalog(List.of(reasoning));
        Providers providers = Providers.of(Map.of("p1", p1));
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
        JobProcessor reasoningProcessor = new JobProcessor(
                new Planner(
                        withReasoning,
                        providers,
                        breakers,
                        new ModelStats(),
                        settings(Map.of(), Map.of("code_analysis", TestSettings.route("p1/small"))),
                        clock),
                providers,
                withReasoning,
                new ModelCaller(
                        settings.retry(),
                        breakers,
                        new ModelStats(),
                        new JobMetrics(new SimpleMeterRegistry()),
                        clock,
                        pauses::add,
                        new SplittableRandom(1)),
                new Results(clock),
                null,
                null,
                settings.topics(),
                null,
                new JobMetrics(new SimpleMeterRegistry()),
                clock,
                new JobAdmission(Set.of(), tenant -> true));

        Outcome reasoned = reasoningProcessor.handle(
                "req", CompletionRequest.newBuilder(job()).setTemperature(1.0).build());
        assertThat(reasoned).isInstanceOf(Outcome.Finished.class);
        assertThat(((Outcome.Finished) reasoned).result().getErrorMessage()).isNull();
        processor.handle(
                "req",
                CompletionRequest.newBuilder(job())
                        .setJobId("job-2")
                        .setTemperature(1.0)
                        .build());

        assertThat(p1.temperatures).containsExactly(null, 1.0);
    }

    private JobProcessor processor() {
        return processor(null, null, null, new SimpleMeterRegistry());
    }

    @Test
    void aJobWhoseWorstCaseNoLongerFitsItsTenantsBudgetFailsWithBudgetExceededWithoutACall() {
        String tenant = "budget-" + UUID.randomUUID();
        BudgetDatabase.budget(tenant, "0.000001", null, "reject");
        JobProcessor budgeted = processor(null, null, null, new SimpleMeterRegistry(), budgetGate());

        Outcome.Finished finished = (Outcome.Finished) budgeted.handle(
                "req", CompletionRequest.newBuilder(job()).setTenantId(tenant).build());

        assertThat(finished.result().getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(finished.result().getErrorType()).isEqualTo("BUDGET_EXCEEDED");
        assertThat(finished.usage()).isEmpty();
        assertThat(p1.requestIds).isEmpty();
    }

    @Test
    void aCallWithinTheBudgetIsMadeAndItsReservationSettledToWhatItCost() {
        String tenant = "budget-" + UUID.randomUUID();
        BudgetDatabase.budget(tenant, "10", null, "reject");
        JobProcessor budgeted = processor(null, null, null, new SimpleMeterRegistry(), budgetGate());

        Outcome.Finished finished = (Outcome.Finished) budgeted.handle(
                "req", CompletionRequest.newBuilder(job()).setTenantId(tenant).build());

        assertThat(finished.result().getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(BudgetDatabase.account(tenant))
                .as("settled USD and tokens, reserved USD")
                .containsExactly(finished.result().getCostUsd().stripTrailingZeros(), 15L, java.math.BigDecimal.ZERO);
    }

    private BudgetGate budgetGate() {
        return BudgetGate.create(
                RouterSettings.Budget.DEFAULT,
                BudgetDatabase.jdbc(),
                catalog,
                Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    private JobProcessor processor(
            CompletionRecords completions,
            OutcomePublisher publisher,
            ResponseCache cache,
            SimpleMeterRegistry meters) {
        return processor(completions, publisher, cache, meters, null);
    }

    private JobProcessor processor(
            CompletionRecords completions,
            OutcomePublisher publisher,
            ResponseCache cache,
            SimpleMeterRegistry meters,
            BudgetGate budget) {
        Providers providers = Providers.of(Map.of("p1", p1, "p2", p2));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new JobProcessor(
                new Planner(catalog, providers, breakers, new ModelStats(), settings, clock),
                providers,
                catalog,
                new ModelCaller(
                        settings.retry(),
                        breakers,
                        new ModelStats(),
                        new JobMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                        clock,
                        pauses::add,
                        new SplittableRandom(1)),
                new Results(clock),
                completions,
                publisher,
                settings.topics(),
                cache,
                new JobMetrics(meters),
                clock,
                new UntilDone(UntilDone.Backoff.DEFAULT, Pauser.SLEEP),
                new JobAdmission(Set.of("replies.allowed"), tenant -> !tenant.equals("ghost")),
                budget);
    }

    private static CompletionRequest job() {
        return CompletionRequest.newBuilder()
                .setJobId("job-1")
                .setTenantId("t")
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "review this")))
                .build();
    }

    /** A provider that answers from a script, and remembers the request ids it saw. */
    private static final class ScriptedClient implements ProviderClient {
        private final String name;
        private final Deque<ProviderException> script = new ArrayDeque<>();
        private final Map<Integer, Boolean> successes = new HashMap<>();
        final List<String> requestIds = new ArrayList<>();
        final List<Double> temperatures = new ArrayList<>();
        volatile Duration latency = Duration.ZERO;
        volatile boolean blowUp;

        ScriptedClient(String name) {
            this.name = name;
        }

        ScriptedClient fail(ErrorType type) {
            return fail(type, null);
        }

        ScriptedClient fail(ErrorType type, Duration retryAfter) {
            script.add(new ProviderException(type, 500, type + " from " + name, retryAfter));
            return this;
        }

        ScriptedClient succeed() {
            script.add(new ProviderException(null, 0, "success", null));
            return this;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Completion complete(ProviderCall call) throws ProviderException {
            requestIds.add(call.requestId());
            temperatures.add(call.temperature());
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (blowUp) {
                throw new IllegalStateException("unexpected answer");
            }
            ProviderException next = script.poll();
            if (next == null || next.type() == null) {
                return new Completion("ok from " + name, "stop", 10, 5, 0);
            }
            throw next;
        }
    }
}
