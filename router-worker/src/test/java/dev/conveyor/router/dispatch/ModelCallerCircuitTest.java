package dev.conveyor.router.dispatch;

import static dev.conveyor.router.TestSettings.model;
import static dev.conveyor.router.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.TestSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.ratelimit.RateLimits;
import dev.conveyor.router.routing.ModelStats;
import dev.conveyor.router.scheduling.CallSlots;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A retry's pause and the model's circuit: a circuit that opens ends the pause, and the job moves on. */
class ModelCallerCircuitTest {

    private final RouterSettings settings = settings(Map.of(), Map.of("code_analysis", TestSettings.route("p1/small")));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreakers breakers =
            new CircuitBreakers(new RouterSettings.Circuit(3, Duration.ofMinutes(5)), Clock.systemUTC(), meters);
    private final Model spec = model("p1", "small", "1", "2", 4_000);
    private final AtomicInteger calls = new AtomicInteger();
    private final ProviderClient failing = new ProviderClient() {
        @Override
        public String name() {
            return "p1";
        }

        @Override
        public Completion complete(ProviderCall call) throws ProviderException {
            calls.incrementAndGet();
            throw new ProviderException(ErrorType.SERVER_ERROR, 500, "down", null);
        }
    };

    @Test
    void aCircuitThatOpensWhileAJobPausesBeforeItsRetryEndsThePauseAndTheJobMovesOnWithoutTheRetry() {
        List<Boolean> wokenEarly = new ArrayList<>();
        Pauser othersTripTheCircuit = new Pauser() {
            @Override
            public void pause(Duration duration) {
                throw new AssertionError("a retry's pause can be ended by the circuit");
            }

            @Override
            public boolean pauseUnless(Duration duration, CompletableFuture<?> wakeUp) {
                for (int i = 0; i < 3; i++) { // other jobs' calls fail meanwhile and open the circuit
                    breakers.onFailure("p1", "small", ErrorType.SERVER_ERROR);
                }
                wokenEarly.add(wakeUp.isDone());
                return !wakeUp.isDone();
            }
        };

        CallResult result = caller(othersTripTheCircuit)
                .call(Processors.job("job-1"), spec, failing, new ArrayList<>(), new WaitTime(), "bulk");

        assertThat(wokenEarly).containsExactly(true);
        assertThat(calls.get()).as("no retry after the circuit opened").isEqualTo(1);
        assertThat(result)
                .isInstanceOfSatisfying(
                        CallResult.Failure.class,
                        f -> assertThat(f.error().type()).isEqualTo(ErrorType.SERVER_ERROR));
    }

    @Test
    void sleepingEndsWhenItsWakeUpCompletesAndRunsItsLengthOtherwise() throws Exception {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> opened.complete(null));

        assertThat(Pauser.SLEEP.pauseUnless(Duration.ofMinutes(5), opened)).isFalse();
        assertThat(Pauser.SLEEP.pauseUnless(Duration.ofMillis(10), new CompletableFuture<>()))
                .isTrue();
    }

    private ModelCaller caller(Pauser pauser) {
        return new ModelCaller(
                settings.retry(),
                breakers,
                new ModelStats(),
                new JobMetrics(meters),
                Clock.systemUTC(),
                pauser,
                new SplittableRandom(1),
                RateLimits.none(),
                CallSlots.unlimited(Clock.systemUTC()));
    }
}
