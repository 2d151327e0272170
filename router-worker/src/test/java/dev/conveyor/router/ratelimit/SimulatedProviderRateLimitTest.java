package dev.conveyor.router.ratelimit;

import static dev.conveyor.router.ratelimit.Fixtures.WINDOW;
import static dev.conveyor.router.ratelimit.Fixtures.job;
import static dev.conveyor.router.ratelimit.Fixtures.settings;
import static dev.conveyor.router.ratelimit.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.TestSettings;
import dev.conveyor.router.provider.ApacheHttpTransport;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.RateLimitHeaders;
import dev.conveyor.router.provider.openai.OpenAiCompatibleClient;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.sim.LedgerEntry;
import dev.conveyor.sim.ProviderSimulator;
import dev.conveyor.sim.RateLimitSpec;
import dev.conveyor.sim.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two workers calling the provider simulator, which enforces its own fixed-window limit (20
 * requests per 10 s per key and model) on the same manual clock as the workers.
 */
class SimulatedProviderRateLimitTest {

    private static final String MODEL = "gpt-4o-mini";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T11:00:00Z"));
    private final ProviderSimulator sim = ProviderSimulator.start(
            SimulatorConfig.defaults().withModel(MODEL, m -> m.withRateLimit(RateLimitSpec.of(20, 10_000_000, WINDOW))),
            clock);
    private final String provider = Fixtures.uniqueProvider();
    private final Model spec = spec(provider, MODEL);
    private final ProviderClient client = new OpenAiCompatibleClient(
            provider,
            TestSettings.provider(sim.baseUrl()),
            new ApacheHttpTransport(64, Duration.ofSeconds(2), Duration.ofSeconds(10)),
            JsonMapper.builder().build());
    private final Queue<Completion> answers = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void twoWorkersUseTheProvidersWholeLimitWithoutA429() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RouterSettings.RateLimits s = limits(20);
        List<RateLimits> workers = List.of(Fixtures.worker(s, clock, meters), Fixtures.worker(s, clock, meters));

        drive(workers, 60);

        List<LedgerEntry> calls = sim.ledger();
        assertThat(calls).extracting(LedgerEntry::status).containsOnly(200).hasSize(60);
        assertThat(perWindow(calls).values())
                .as("calls per provider window: the whole limit, never more")
                .containsOnly(20L);
        RateLimitHeaders headers = answers.peek().rateLimits();
        assertThat(headers.requests())
                .hasValueSatisfying(q -> assertThat(q.limit()).isEqualTo(20));
        assertThat(headers.tokens()).isPresent();
    }

    @Test
    void workersConfiguredAboveTheProvidersLimitAdaptToItsHeadersAnd429s() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RouterSettings.RateLimits s = limits(40);
        List<RateLimits> workers = List.of(Fixtures.worker(s, clock, meters), Fixtures.worker(s, clock, meters));

        drive(workers, 100);

        List<LedgerEntry> calls = sim.ledger();
        long firstWindow = calls.getFirst().time().toEpochMilli() / WINDOW.toMillis();
        assertThat(calls)
                .filteredOn(e -> e.status() == 429)
                // none at all when the provider's x-ratelimit headers arrive before the race is lost
                .as("429s only in the first window, while 40 calls raced the provider's real limit of 20")
                .allSatisfy(e ->
                        assertThat(e.time().toEpochMilli() / WINDOW.toMillis()).isEqualTo(firstWindow));
        assertThat(calls.stream().filter(e -> e.status() == 200).count()).isEqualTo(100);
        assertThat(meters.get("conveyor.ratelimit.effective.limit")
                        .tags("provider", provider, "kind", "requests")
                        .gauge()
                        .value())
                .as("the limit in force follows the provider's, not the configured 40")
                .isLessThanOrEqualTo(20);
    }

    private RouterSettings.RateLimits limits(long perWindow) {
        return settings(
                Map.of(
                        provider,
                        new RouterSettings.ProviderLimits(
                                Fixtures.perMinute(perWindow),
                                null,
                                WINDOW,
                                RouterSettings.ChargeOutput.REQUESTED,
                                Map.of())),
                RouterSettings.OnLimit.WAIT,
                Duration.ofMinutes(5),
                1000,
                0.1);
    }

    /** Runs {@code jobs} calls spread over the workers, moving the clock a window on whenever every caller waits. */
    private void drive(List<RateLimits> workers, int jobs) throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < jobs; i++) {
                RateLimits worker = workers.get(i % workers.size());
                all.add(CompletableFuture.runAsync(() -> call(worker, job(16)), threads));
            }
            while (!all.stream().allMatch(CompletableFuture::isDone)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                all.stream().filter(CompletableFuture::isDone).count() + clock.sleepers() == jobs);
                if (clock.sleepers() > 0) {
                    Instant now = clock.instant();
                    clock.set(Instant.ofEpochMilli((now.toEpochMilli() / WINDOW.toMillis() + 1) * WINDOW.toMillis()));
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        }
    }

    /** What the router's ModelCaller does around a call: take permits, call, settle; retry a 429. */
    private void call(RateLimits worker, CompletionRequest job) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                Permit permit = worker.acquire(spec, job);
                try {
                    Completion done = client.complete(new ProviderCall(
                            MODEL,
                            null,
                            List.of(new ProviderCall.Message(
                                    "user", job.getMessages().getFirst().getContent())),
                            job.getMaxTokens(),
                            null,
                            job.getJobId() + "-" + attempt));
                    permit.succeeded(done);
                    answers.add(done);
                    return;
                } catch (ProviderException e) {
                    permit.failed(e);
                }
            } catch (RateLimited e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("still refused after 10 attempts");
    }

    private Map<Long, Long> perWindow(List<LedgerEntry> calls) {
        return calls.stream()
                .collect(
                        Collectors.groupingBy(e -> e.time().toEpochMilli() / WINDOW.toMillis(), Collectors.counting()));
    }
}
