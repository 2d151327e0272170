package dev.conveyor.router.dispatch;

import static dev.conveyor.router.TestSettings.model;
import static dev.conveyor.router.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.TestSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.ratelimit.RateLimits;
import dev.conveyor.router.routing.ModelStats;
import dev.conveyor.router.scheduling.CallSlots;
import dev.conveyor.router.scheduling.TenantWeights;
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

    private final RouterSettings settings = settings(Map.of(), Map.of("code_analysis", TestSettings.route("p1/small")));

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
                new CircuitBreakers(new RouterSettings.Circuit(3, Duration.ofMinutes(5)), Clock.systemUTC(), meters),
                new ModelStats(),
                new JobMetrics(meters),
                Clock.systemUTC(),
                wait -> {},
                new SplittableRandom(1),
                RateLimits.none(),
                slots);
        Model spec = model("p1", "small", "1", "2", 4_000);

        List<Future<CallResult>> calls = new ArrayList<>();
        try (ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                CompletionRequest job = Processors.job("job-" + i);
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
}
