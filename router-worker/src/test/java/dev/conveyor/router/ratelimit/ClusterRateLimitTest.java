package dev.conveyor.router.ratelimit;

import static dev.conveyor.router.ratelimit.Fixtures.WINDOW;
import static dev.conveyor.router.ratelimit.Fixtures.job;
import static dev.conveyor.router.ratelimit.Fixtures.requests;
import static dev.conveyor.router.ratelimit.Fixtures.settings;
import static dev.conveyor.router.ratelimit.Fixtures.spec;
import static dev.conveyor.router.ratelimit.Fixtures.uniqueProvider;
import static dev.conveyor.router.ratelimit.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.RoutingDatabase;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.RateLimitHeaders;
import dev.conveyor.router.routing.PromptTokens;
import dev.conveyor.schemas.CompletionRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two limiter instances ("workers") sharing one PostgreSQL, on a clock the test moves. */
class ClusterRateLimitTest {

    private static final Instant WINDOW_START = Instant.parse("2026-11-24T10:00:00Z");

    private final ManualClock clock = new ManualClock(WINDOW_START);
    private final String provider = uniqueProvider();
    private final Model model = spec(provider, "m");

    @Test
    void twoWorkersSharingPostgresNeverExceedTheLimitTogetherInAWindow() throws Exception {
        RouterSettings.RateLimits s =
                settings(Map.of(provider, requests(50)), RouterSettings.OnLimit.SPILL, Duration.ZERO, 100, 0.1);
        RateLimits a = worker(s, clock);
        RateLimits b = worker(s, clock);

        for (int window = 0; window < 3; window++) {
            int granted = race(List.of(a, b), 80);
            assertThat(granted).as("permits granted in window %d", window).isEqualTo(50);
            clock.advance(WINDOW);
        }
    }

    @Test
    void aDeadWorkersLeasedPermitsComeBackAtTheNextWindow() throws Exception {
        RouterSettings.RateLimits s =
                settings(Map.of(provider, requests(50)), RouterSettings.OnLimit.SPILL, Duration.ZERO, 100, 0.5);
        RateLimits dying = worker(s, clock);
        dying.acquire(model, job(10)); // leases a chunk of 25, uses 1, then the worker dies
        RateLimits survivor = worker(s, clock);

        assertThat(race(List.of(survivor), 100))
                .as("this window: the dead worker's lease is gone")
                .isEqualTo(25);
        clock.advance(WINDOW);
        assertThat(race(List.of(survivor), 100))
                .as("next window: the whole limit")
                .isEqualTo(50);
        clock.advance(WINDOW);
        RateLimits joining = worker(s, clock);
        assertThat(race(List.of(survivor, joining), 100))
                .as("a worker that joins shares the same limit")
                .isEqualTo(50);
    }

    @Test
    void tokenReservationIsReconciledWithReportedUsage() throws Exception {
        RouterSettings.RateLimits s = settings(
                Map.of(
                        provider,
                        new RouterSettings.ProviderLimits(
                                null,
                                Fixtures.perMinute(10_000),
                                WINDOW,
                                RouterSettings.ChargeOutput.REQUESTED,
                                Map.of())),
                RouterSettings.OnLimit.SPILL,
                Duration.ZERO,
                100,
                0.0001);
        RateLimits worker = worker(s, clock);
        BucketStore store = new BucketStore(RoutingDatabase.jdbc(), 0.1, 0.8);
        Bucket tokens = new Bucket(provider, null, Kind.TOKENS, 10_000, WINDOW);
        CompletionRequest job = job(1_000);
        long prompt = PromptTokens.count(job);
        long padded = (long) Math.ceil(prompt * PromptCalibration.UNKNOWN);

        Permit permit = worker.acquire(model, job);
        assertThat(store.peek(tokens, WINDOW_START).granted())
                .as(
                        "reserved before the call: the prompt padded until the provider has counted one, and the max output")
                .isEqualTo(padded + 1_000);

        permit.succeeded(new Completion("ok", "stop", prompt + 50, 10, 0));
        assertThat(store.peek(tokens, WINDOW_START).granted())
                .as("the provider counted 50 more prompt tokens (and the whole max output): the difference taken after")
                .isEqualTo(prompt + 50 + 1_000);

        Permit next = worker.acquire(model, job);
        assertThat(store.peek(tokens, WINDOW_START).granted())
                .as("the next reservation counts the prompt as the provider did")
                .isEqualTo(2 * (prompt + 50 + 1_000));
        next.succeeded(new Completion("ok", "stop", prompt + 50, 10, 0));
        assertThat(store.peek(tokens, WINDOW_START).granted()).isEqualTo(2 * (prompt + 50 + 1_000));
    }

    @Test
    void unusedOutputTokensAreGivenBackWhenTheProviderCountsOnlyWhatItProduced() throws Exception {
        RouterSettings.RateLimits s = settings(
                Map.of(
                        provider,
                        new RouterSettings.ProviderLimits(
                                null,
                                Fixtures.perMinute(3_000),
                                WINDOW,
                                RouterSettings.ChargeOutput.REPORTED,
                                Map.of())),
                RouterSettings.OnLimit.SPILL,
                Duration.ZERO,
                100,
                0.0001);
        RateLimits worker = worker(s, clock);
        CompletionRequest big = job(2_000);
        Permit first = worker.acquire(model, big);
        assertThatThrownBy(() -> worker.acquire(model, big))
                .as("a second reservation of the full max output does not fit")
                .isInstanceOf(RateLimited.class);

        first.succeeded(new Completion("ok", "stop", PromptTokens.count(big), 10, 0));

        worker.acquire(model, big); // fits now: 1,990 unused output tokens came back
    }

    @Test
    void a429PausesAndLowersTheRateForBothWorkersUntilTheyRecover() throws Exception {
        RouterSettings.RateLimits s =
                settings(Map.of(provider, requests(50)), RouterSettings.OnLimit.SPILL, Duration.ZERO, 100, 0.02);
        RateLimits a = worker(s, clock);
        RateLimits b = worker(s, clock);
        b.acquire(model, job(10));

        a.acquire(model, job(10))
                .failed(new ProviderException(ErrorType.RATE_LIMIT, 429, "slow down", Duration.ofSeconds(3)));

        assertThatThrownBy(() -> b.acquire(model, job(10)))
                .as("the other worker is paused too, though it holds a leased chunk")
                .isInstanceOf(RateLimited.class)
                .satisfies(e -> assertThat(((RateLimited) e).retryAfter()).contains(Duration.ofSeconds(3)));
        clock.advance(Duration.ofSeconds(3));
        b.acquire(model, job(10));

        clock.set(WINDOW_START.plus(WINDOW));
        assertThat(race(List.of(a, b), 80))
                .as("the next window at 0.8 of the limit")
                .isEqualTo(40);
        clock.advance(WINDOW);
        assertThat(race(List.of(a, b), 80))
                .as("a window later, recovering a step")
                .isEqualTo(45);
    }

    @Test
    void a429WithTheProvidersCountsPausesAndAdoptsThemWithoutCuttingTheLimit() throws Exception {
        RouterSettings.RateLimits s =
                settings(Map.of(provider, requests(50)), RouterSettings.OnLimit.SPILL, Duration.ZERO, 100, 0.02);
        RateLimits a = worker(s, clock);
        RateLimits b = worker(s, clock);
        RateLimitHeaders counts = new RateLimitHeaders(
                Optional.of(new RateLimitHeaders.Quota(50, 0, Duration.ofSeconds(10))), Optional.empty());

        a.acquire(model, job(10))
                .failed(new ProviderException(ErrorType.RATE_LIMIT, 429, "slow down", Duration.ofSeconds(10), counts));

        assertThatThrownBy(() -> b.acquire(model, job(10)))
                .as("every worker is paused until the provider's window resets")
                .isInstanceOf(RateLimited.class);
        clock.set(WINDOW_START.plus(WINDOW));
        assertThat(race(List.of(a, b), 80))
                .as("the provider reported the configured limit: the next window has all of it")
                .isEqualTo(50);
    }

    @Test
    void waitingIsBoundedByMaxWait() throws Exception {
        RouterSettings.RateLimits shortWait =
                settings(Map.of(provider, requests(5)), RouterSettings.OnLimit.WAIT, Duration.ofSeconds(5), 100, 0.2);
        RateLimits worker = worker(shortWait, clock);
        for (int i = 0; i < 5; i++) {
            worker.acquire(model, job(10));
        }
        clock.advance(Duration.ofSeconds(2));

        assertThatThrownBy(() -> worker.acquire(model, job(10)))
                .as("the next permits come in 8 s, past max-wait: refused at once, without waiting")
                .isInstanceOfSatisfying(RateLimited.class, e -> {
                    assertThat(e.reason()).isEqualTo(RateLimited.Reason.WAITED_TOO_LONG);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(8));
                });
        assertThat(clock.instant()).isEqualTo(WINDOW_START.plusSeconds(2));

        RateLimits patient = worker(
                settings(Map.of(provider, requests(5)), RouterSettings.OnLimit.WAIT, Duration.ofSeconds(15), 100, 0.2),
                clock);
        CompletableFuture<Permit> waiting = CompletableFuture.supplyAsync(
                () -> acquire(patient, model), Executors.newVirtualThreadPerTaskExecutor());
        await().until(() -> clock.sleepers() == 1);
        assertThat(waiting).isNotDone();
        clock.set(WINDOW_START.plus(WINDOW));
        await().until(waiting::isDone);
        assertThat(waiting).isCompleted();
    }

    @Test
    void aSaturatedProviderDoesNotBlockAnotherProvidersJobs() throws Exception {
        String other = uniqueProvider();
        RouterSettings.RateLimits s = settings(
                Map.of(provider, requests(1), other, requests(100)),
                RouterSettings.OnLimit.WAIT,
                Duration.ofSeconds(60),
                2,
                0.1);
        RateLimits worker = worker(s, clock);
        worker.acquire(model, job(10)); // the saturated provider's only permit this window

        var threads = Executors.newVirtualThreadPerTaskExecutor();
        List<CompletableFuture<Permit>> waiters = List.of(
                CompletableFuture.supplyAsync(() -> acquire(worker, model), threads),
                CompletableFuture.supplyAsync(() -> acquire(worker, model), threads));
        await().until(() -> clock.sleepers() == 2);

        assertThatThrownBy(() -> worker.acquire(model, job(10)))
                .as("a third job may not wait: max-waiting slots are taken")
                .isInstanceOfSatisfying(
                        RateLimited.class, e -> assertThat(e.reason()).isEqualTo(RateLimited.Reason.NO_WAITING_SLOT));
        for (int i = 0; i < 20; i++) {
            worker.acquire(spec(other, "m"), job(10)); // the other provider's jobs go straight through
        }
        assertThat(waiters).noneMatch(CompletableFuture::isDone);

        clock.set(WINDOW_START.plus(WINDOW));
        await().until(() -> waiters.stream().filter(CompletableFuture::isDone).count() == 1);
        clock.set(WINDOW_START.plus(WINDOW.multipliedBy(2)));
        await().until(() -> waiters.stream().allMatch(CompletableFuture::isDone));
    }

    @Test
    void grantsWaitsAnd429sAreMeasured() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RateLimits worker = worker(
                settings(Map.of(provider, requests(50)), RouterSettings.OnLimit.SPILL, Duration.ZERO, 100, 0.1),
                clock,
                meters);
        worker.acquire(model, job(10))
                .failed(new ProviderException(ErrorType.RATE_LIMIT, 429, "no", Duration.ofSeconds(1)));

        assertThat(meters.get("conveyor.ratelimit.permits")
                        .tag("provider", provider)
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("conveyor.ratelimit.wait")
                        .tag("provider", provider)
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("conveyor.ratelimit.http429")
                        .tag("provider", provider)
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("conveyor.ratelimit.effective.limit")
                        .tag("provider", provider)
                        .gauge()
                        .value())
                .isEqualTo(50);
    }

    /** Every worker tries {@code triesPerWorker} acquisitions at once; answers how many were granted. */
    private int race(List<RateLimits> workers, int triesPerWorker) throws Exception {
        AtomicInteger granted = new AtomicInteger();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (RateLimits w : workers) {
                for (int i = 0; i < triesPerWorker; i++) {
                    all.add(CompletableFuture.runAsync(
                            () -> {
                                try {
                                    w.acquire(model, job(10));
                                    granted.incrementAndGet();
                                } catch (RateLimited refused) {
                                    // at the limit
                                }
                            },
                            threads));
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        }
        return granted.get();
    }

    private static Permit acquire(RateLimits worker, Model spec) {
        try {
            return worker.acquire(spec, job(10));
        } catch (RateLimited e) {
            throw new IllegalStateException(e);
        }
    }
}
