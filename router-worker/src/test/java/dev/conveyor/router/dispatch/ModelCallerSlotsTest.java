package dev.conveyor.router.dispatch;

import static dev.conveyor.router.TestSettings.model;
import static dev.conveyor.router.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.catalog.ModelCatalog;
import dev.conveyor.router.catalog.ModelSpec;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.ratelimit.RateLimits;
import dev.conveyor.router.routing.ModelStats;
import dev.conveyor.router.scheduling.CallSlots;
import dev.conveyor.router.scheduling.TenantWeights;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelCallerSlotsTest {

    private final RouterSettings settings = settings(
            Map.of(),
            List.of(model("p1", "small", "1", "2", 4_000)),
            Map.of("code_analysis", new RouterSettings.Route(List.of("p1/small"), "cost")));

    @Test
    void noMoreCallsThanSlotsAreMadeAtOnceHoweverManyJobsCall() throws Exception {
        AtomicInteger calling = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ProviderClient slow = new ProviderClient() {
            @Override
            public String name() {
                return "p1";
            }

            @Override
            public Completion complete(ProviderCall call) {
                most.accumulateAndGet(calling.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    calling.decrementAndGet();
                }
                return new Completion("ok", "stop", 10, 5, 0);
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CallSlots slots = new CallSlots(3, Map.of("bulk", 1), TenantWeights.equal(), true, Clock.systemUTC(), meters);
        ModelCaller caller = new ModelCaller(
                settings.retry(),
                new CircuitBreakers(3, Duration.ofMinutes(5), Clock.systemUTC(), meters),
                new ModelStats(),
                new JobMetrics(meters),
                Clock.systemUTC(),
                wait -> {},
                new SplittableRandom(1),
                RateLimits.none(),
                slots);
        ModelSpec spec = new ModelCatalog(settings).find("p1", "small").orElseThrow();

        List<Future<CallResult>> calls = new ArrayList<>();
        try (ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                CompletionRequest job = job("job-" + i);
                calls.add(jobs.submit(() -> caller.call(job, spec, slow, new ArrayList<>(), new WaitTime(), "bulk")));
            }
            for (Future<CallResult> call : calls) {
                assertThat(call.get()).isInstanceOf(CallResult.Success.class);
            }
        }

        assertThat(most.get()).isEqualTo(3);
        assertThat(slots.taken()).isZero();
        assertThat(meters.get("conveyor.provider.calls.in.flight").gauge().value())
                .isZero();
    }

    @Test
    void theEngineKeepsTwiceAsManyJobsAsCallsWhenSchedulingAndATenthMoreWithoutUnlessToldOtherwise() {
        assertThat(DispatchConfig.jobsInFlight(2_000, 0, true)).isEqualTo(4_000);
        assertThat(DispatchConfig.jobsInFlight(2, 0, true)).isEqualTo(4);
        assertThat(DispatchConfig.jobsInFlight(2_000, 0, false)).isEqualTo(2_200);
        assertThat(DispatchConfig.jobsInFlight(2, 0, false)).isEqualTo(3);
        assertThat(DispatchConfig.jobsInFlight(2_000, 2_100, true)).isEqualTo(2_100);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DispatchConfig.jobsInFlight(2_000, 1_000, true))
                .withMessage("conveyor.router.jobs-in-flight should be at least conveyor.router.in-flight-cap 2000"
                        + " (was 1000)");
    }

    private static CompletionRequest job(String id) {
        return CompletionRequest.newBuilder()
                .setJobId(id)
                .setTenantId("t")
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "review this")))
                .setMaxTokens(64)
                .build();
    }
}
