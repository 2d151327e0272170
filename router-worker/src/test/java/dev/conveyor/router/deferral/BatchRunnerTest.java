package dev.conveyor.router.deferral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.RoutingDatabase;
import dev.conveyor.router.provider.BatchApi;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The batch runner against the real routing tables, with a provider batch API that answers at once. */
class BatchRunnerTest {

    private final String topic = "runner-test-" + UUID.randomUUID();
    private final DeferredJobs store = new DeferredJobs(RoutingDatabase.jdbc(), RoutingDatabase.transactions());
    /** A provider of this test's own: queue limits count every open batch of a provider in the database. */
    private final String provider = "fake-" + UUID.randomUUID();

    private final FakeApi api = new FakeApi(provider);
    private final List<String> answered = new CopyOnWriteArrayList<>();

    @Test
    void aFullGroupIsFlushedAtOnceAndAYoungOneWaitsForItsAge() {
        BatchRunner runner = runner(settings(Duration.ofHours(1), Map.of()));
        defer(2);

        runner.tick();
        assertThat(api.submitted).isEmpty();

        defer(1); // now 3, the fake provider's most requests a batch
        runner.tick();
        assertThat(api.submitted)
                .singleElement()
                .satisfies(batch -> assertThat(batch).hasSize(3));
        runner.tick(); // polled: ended, collected
        assertThat(answered).hasSize(3);
    }

    @Test
    void theQueueLimitHoldsJobsBackUntilOpenBatchesAreCollected() {
        api.endAfterPolls = 1;
        BatchRunner runner = runner(settings(Duration.ZERO, Map.of(provider, 2)));
        defer(5);

        runner.tick();
        assertThat(api.submitted).hasSize(1);
        assertThat(api.submitted.getFirst()).hasSize(2);

        runner.tick(); // the open batch still holds 2: nothing more is flushed; its poll says it runs on
        assertThat(api.submitted).hasSize(1);
        runner.tick(); // it ends and is collected
        assertThat(answered).hasSize(2);
        runner.tick(); // the next 2 go
        assertThat(api.submitted).hasSize(2);
    }

    @Test
    void aRateLimitedProviderIsLeftAloneUntilItsRetryAfter() {
        api.refuse = new ProviderException(ErrorType.RATE_LIMIT, 429, "slow down", Duration.ofHours(1));
        BatchRunner runner = runner(settings(Duration.ZERO, Map.of()));
        defer(1);
        runner.tick();

        defer(1); // a new group to flush: not submitted while the provider asked to wait
        runner.tick();
        runner.tick();

        assertThat(api.attempts).isEqualTo(1);
        assertThat(store.isDeferred("tenant", topic + "-0")).isTrue();
    }

    private BatchRunner runner(RouterSettings.Deferral settings) {
        return new BatchRunner(
                store,
                Providers.of(Map.of(), Map.of(provider, api)),
                new Work(),
                settings,
                new DeferralMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC(),
                List.of(topic));
    }

    private static RouterSettings.Deferral settings(Duration flushAge, Map<String, Integer> queueLimits) {
        return new RouterSettings.Deferral(
                true, Duration.ofHours(25), flushAge, Duration.ofMillis(1), Duration.ofMinutes(1), queueLimits);
    }

    private int deferred;

    private void defer(int jobs) {
        for (int i = 0; i < jobs; i++) {
            CompletionRequest job = CompletionRequest.newBuilder()
                    .setJobId(topic + "-" + deferred++)
                    .setTenantId("tenant")
                    .setTaskType("documentation")
                    .setMessages(List.of(new ChatMessage("user", "Document class Cart")))
                    .build();
            assertThat(store.defer(job, "bulk", topic, provider, "model", 100)).isTrue();
        }
    }

    /** Finishes collected jobs by noting them. */
    private final class Work implements DeferredWork {
        @Override
        public ProviderCall request(DeferredJobs.Deferred job) {
            return new ProviderCall("model", null, List.of(), 10, null, job.customId());
        }

        @Override
        public void answered(DeferredJobs.Deferred job, Completion completion, Instant submitted, Instant ended) {
            answered.add(job.job().getJobId());
        }

        @Override
        public void failed(DeferredJobs.Deferred job, ProviderException error, Instant submitted) {
            throw new AssertionError("no request fails here");
        }

        @Override
        public void unanswered(DeferredJobs.Deferred job, String reason, Instant submitted) {
            throw new AssertionError("every request is answered here: " + reason);
        }
    }

    /** A batch API of at most 3 requests a batch that ends after {@code endAfterPolls} polls and answers each request. */
    private static final class FakeApi implements BatchApi {
        final String name;
        final List<List<String>> submitted = new CopyOnWriteArrayList<>();
        final Map<String, Integer> polls = new HashMap<>();
        int endAfterPolls;
        int attempts;
        ProviderException refuse;

        FakeApi(String name) {
            this.name = name;
        }

        @Override
        public String provider() {
            return name;
        }

        @Override
        public int maxRequests() {
            return 3;
        }

        @Override
        public long maxBytes() {
            return 1_000_000;
        }

        @Override
        public byte[] line(String customId, ProviderCall call) {
            return customId.getBytes();
        }

        @Override
        public String submit(String tag, List<byte[]> lines) throws ProviderException {
            attempts++;
            if (refuse != null) {
                throw refuse;
            }
            submitted.add(lines.stream().map(String::new).toList());
            return "fake-" + (submitted.size() - 1);
        }

        @Override
        public Optional<String> findSubmitted(String tag, Instant since, int requests) {
            return Optional.empty();
        }

        @Override
        public Status status(String batchId) {
            int polled = polls.merge(batchId, 1, Integer::sum);
            return new Status(
                    batchId,
                    polled > endAfterPolls ? "ended" : "in_progress",
                    polled > endAfterPolls,
                    List.of(batchId));
        }

        @Override
        public Map<String, Answer> results(Status ended) {
            Map<String, Answer> answers = new HashMap<>();
            for (String customId :
                    submitted.get(Integer.parseInt(ended.batchId().substring(5)))) {
                answers.put(customId, new Answer.Answered(new Completion("ok", "stop", 10, 5, 0)));
            }
            return answers;
        }
    }
}
