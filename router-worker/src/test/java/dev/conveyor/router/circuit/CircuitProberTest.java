package dev.conveyor.router.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.embedded.MutableClock;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.TestSettings;
import dev.conveyor.router.provider.ApacheHttpTransport;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.HttpTransport;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.provider.StubProvider;
import dev.conveyor.router.provider.openai.OpenAiCompatibleClient;
import dev.conveyor.sim.FaultSpec;
import dev.conveyor.sim.LedgerEntry;
import dev.conveyor.sim.OutageMode;
import dev.conveyor.sim.ProviderSimulator;
import dev.conveyor.sim.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The background probe against the provider simulator (or a scripted client), on a clock the test moves. */
class CircuitProberTest {

    private static final String PROVIDER = "sim";
    private static final String MODEL = "gpt-4o-mini";
    private static final Duration COOL_DOWN = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-24T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreakers breakers =
            new CircuitBreakers(new RouterSettings.Circuit(3, COOL_DOWN), clock, meters);
    private final HttpTransport http = new ApacheHttpTransport(8, Duration.ofSeconds(2), Duration.ofSeconds(10));
    private ProviderSimulator sim;
    private CircuitProber prober;

    @AfterEach
    void stop() {
        if (prober != null) {
            prober.close();
        }
        if (sim != null) {
            sim.close();
        }
        http.close();
    }

    @Test
    void closesAnOpenCircuitAfterTheCoolDownAgainstAHealthyProvider() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults());
        prober = proberFor(simulatorClient());
        Instant opened = clock.instant();
        open();
        clock.advance(COOL_DOWN);

        assertThat(runRound()).as("probes started").isEqualTo(1);

        assertThat(breakers.states()).containsEntry(key(), CircuitState.CLOSED);
        assertThat(sim.ledger()).singleElement().satisfies(call -> {
            assertThat(call.model()).isEqualTo(MODEL);
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.outputTokens()).isLessThanOrEqualTo(1);
            assertThat(call.requestId()).startsWith("conveyor-probe-");
        });
        assertThat(breakers.statuses().get(key()).lastProbe())
                .isEqualTo(new CircuitStatus.Probe(
                        clock.instant(),
                        clock.instant(),
                        CircuitStatus.Source.BACKGROUND,
                        CircuitStatus.Outcome.SUCCESS));
        CircuitHistory history = breakers.histories().get(key());
        assertThat(history.transitions())
                .as("recorded as a job's probe is: the change to HALF_OPEN comes before the call")
                .containsExactly(
                        new CircuitHistory.Transition(opened, CircuitState.CLOSED, CircuitState.OPEN, 0),
                        new CircuitHistory.Transition(clock.instant(), CircuitState.OPEN, CircuitState.HALF_OPEN, 0),
                        new CircuitHistory.Transition(clock.instant(), CircuitState.HALF_OPEN, CircuitState.CLOSED, 0));
        assertThat(history.probes()).isEqualTo(1);
        assertThat(history.inFlight()).isZero();
        assertThat(probes("success")).isEqualTo(1);
        assertThat(probes("failure")).isZero();
        assertThat(runRound()).as("a closed circuit is not probed").isZero();
    }

    @Test
    void reopensTheCircuitForAFreshCoolDownAgainstAFailingProvider() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults()
                .withModel(MODEL, m -> m.withFaults(FaultSpec.none().withDown(OutageMode.UNAVAILABLE))));
        prober = proberFor(simulatorClient());
        open();
        clock.advance(COOL_DOWN);

        assertThat(runRound()).isEqualTo(1);

        assertThat(breakers.states()).containsEntry(key(), CircuitState.OPEN);
        assertThat(sim.ledger()).extracting(LedgerEntry::status).containsExactly(503);
        assertThat(breakers.statuses().get(key()).lastProbe().outcome()).isEqualTo(CircuitStatus.Outcome.FAILURE);
        assertThat(probes("failure")).isEqualTo(1);
        assertThat(probes("success")).isZero();

        clock.advance(COOL_DOWN.minusSeconds(1));
        assertThat(breakers.isOpen(PROVIDER, MODEL)).isTrue();
        assertThat(runRound()).as("the new cool-down has not ended").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(runRound()).isEqualTo(1);
        assertThat(sim.ledger()).hasSize(2);
    }

    @Test
    void doesNothingWhileTheCoolDownHasNotElapsed() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults());
        prober = proberFor(simulatorClient());
        open();
        clock.advance(COOL_DOWN.minusMillis(1));

        assertThat(runRound()).isZero();

        assertThat(sim.ledger()).isEmpty();
        assertThat(breakers.states()).containsEntry(key(), CircuitState.OPEN);
        assertThat(breakers.histories().get(key()).probes()).isZero();
        assertThat(breakers.statuses().get(key()).lastProbe()).isNull();
    }

    @Test
    void neverRunsTwoProbesAtOnce() throws Exception {
        BlockingClient client = new BlockingClient();
        prober = proberFor(client);
        open();
        clock.advance(COOL_DOWN);

        List<CompletableFuture<Void>> first = prober.probeDue();
        assertThat(first).hasSize(1);
        assertThat(client.entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(prober.probeDue())
                .as("a second round while the probe is in flight")
                .isEmpty();
        assertThat(breakers.tryAcquire(PROVIDER, MODEL))
                .as("a job after the cool-down finds the slot taken")
                .isFalse();
        client.release.countDown();
        first.getFirst().get(10, TimeUnit.SECONDS);

        assertThat(client.calls).hasValue(1);
        assertThat(breakers.states()).containsEntry(key(), CircuitState.CLOSED);
        assertThat(breakers.histories().get(key()).probes()).isEqualTo(1);
    }

    @Test
    void leavesTheProbeToAJobThatClaimedItFirst() {
        BlockingClient client = new BlockingClient();
        client.release.countDown();
        prober = proberFor(client);
        open();
        clock.advance(COOL_DOWN);
        assertThat(breakers.tryAcquire(PROVIDER, MODEL)).as("the job's probe").isTrue();

        assertThat(prober.probeDue()).isEmpty();

        assertThat(client.calls).hasValue(0);
        assertThat(breakers.statuses().get(key()).lastProbe().source()).isEqualTo(CircuitStatus.Source.JOB);
    }

    @Test
    void sendsAMinimalCompletionMarkedAsAProbe() {
        try (StubProvider stub = new StubProvider()) {
            stub.answer(200, "openai/chat-completion.json", Map.of());
            prober = proberFor(new OpenAiCompatibleClient(
                    PROVIDER,
                    TestSettings.provider(stub.baseUrl()),
                    http,
                    JsonMapper.builder().build()));
            open();
            clock.advance(COOL_DOWN);

            assertThat(runRound()).isEqualTo(1);

            StubProvider.Seen request = stub.last();
            assertThat(request.headers().get("X-conveyor-probe")).containsExactly("1");
            assertThat(request.headers().get("X-client-request-id").getFirst()).startsWith("conveyor-probe-sim-");
            assertThat(request.body())
                    .contains("\"model\":\"" + MODEL + "\"")
                    .contains("\"max_completion_tokens\":1")
                    .contains("\"content\":\"" + CircuitProber.PROMPT + "\"");
        }
    }

    @Test
    void aProbeThatThrowsReopensTheCircuitAndTheScheduleKeepsRunning() {
        AtomicInteger calls = new AtomicInteger();
        prober = proberFor(new ScriptedClient(call -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug in an adapter");
            }
            return new Completion("pong", "length", 1, 1, 0);
        }));
        open();
        clock.advance(COOL_DOWN);

        prober.start(Duration.ofMillis(20));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> breakers.statuses().get(key()).lastProbe() != null
                        && breakers.statuses().get(key()).lastProbe().outcome() == CircuitStatus.Outcome.FAILURE);
        assertThat(breakers.states()).containsEntry(key(), CircuitState.OPEN);
        assertThat(breakers.isOpen(PROVIDER, MODEL)).as("a fresh cool-down").isTrue();
        clock.advance(COOL_DOWN);
        await().atMost(Duration.ofSeconds(10)).until(() -> breakers.states().get(key()) == CircuitState.CLOSED);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aZeroOrNegativeIntervalDisablesTheSchedule() {
        AtomicInteger calls = new AtomicInteger();
        prober = proberFor(new ScriptedClient(call -> {
            calls.incrementAndGet();
            return new Completion("pong", "length", 1, 1, 0);
        }));
        open();
        clock.advance(COOL_DOWN);

        prober.start(Duration.ZERO);
        prober.start(Duration.ofSeconds(-1));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 0);
        assertThat(breakers.states()).containsEntry(key(), CircuitState.OPEN);
    }

    private CircuitProber proberFor(ProviderClient client) {
        return new CircuitProber(breakers, Providers.of(Map.of(PROVIDER, client)), clock);
    }

    private ProviderClient simulatorClient() {
        return new OpenAiCompatibleClient(
                PROVIDER,
                TestSettings.provider(sim.baseUrl()),
                http,
                JsonMapper.builder().build());
    }

    /** Three health failures in a row, as jobs' calls would report them. */
    private void open() {
        for (int i = 0; i < 3; i++) {
            assertThat(breakers.tryAcquire(PROVIDER, MODEL)).isTrue();
            breakers.onFailure(PROVIDER, MODEL, ErrorType.SERVER_ERROR);
        }
        assertThat(breakers.states()).containsEntry(key(), CircuitState.OPEN);
    }

    /** One round of the schedule, waiting for the probes it started; how many it started. */
    private int runRound() {
        List<CompletableFuture<Void>> started = prober.probeDue();
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                .orTimeout(20, TimeUnit.SECONDS)
                .join();
        return started.size();
    }

    private double probes(String outcome) {
        return meters.get("conveyor.circuit.probes")
                .tags("provider", PROVIDER, "model", MODEL, "outcome", outcome)
                .counter()
                .count();
    }

    private static String key() {
        return PROVIDER + "/" + MODEL;
    }

    /** Answers each call with what the script returns (or throws). */
    private record ScriptedClient(java.util.function.Function<ProviderCall, Completion> script)
            implements ProviderClient {

        @Override
        public String name() {
            return PROVIDER;
        }

        @Override
        public Completion complete(ProviderCall call) {
            return script.apply(call);
        }
    }

    /** Holds every call until released, so a probe stays in flight as long as the test needs. */
    private static final class BlockingClient implements ProviderClient {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return PROVIDER;
        }

        @Override
        public Completion complete(ProviderCall call) {
            calls.incrementAndGet();
            entered.countDown();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the call");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new Completion("pong", "length", 1, 1, 0);
        }
    }
}
