package dev.conveyor.router.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.embedded.MutableClock;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.ErrorType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-24T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreakers breakers =
            new CircuitBreakers(new RouterSettings.Circuit(3, Duration.ofMinutes(5)), clock, meters);

    @Test
    void opensAfterThreeConsecutiveFailuresAndSkipsCalls() {
        fail(3);
        assertThat(breakers.tryAcquire("p", "m")).isFalse();
        assertThat(breakers.states()).containsEntry("p/m", CircuitState.OPEN);
    }

    @Test
    void aSuccessResetsTheCount() {
        fail(2);
        breakers.onSuccess("p", "m");
        fail(2);
        assertThat(breakers.tryAcquire("p", "m")).isTrue();
    }

    @Test
    void afterTheCoolDownExactlyOneProbeGoesOutAndItsSuccessCloses() {
        fail(3);
        clock.advance(Duration.ofMinutes(5));

        assertThat(breakers.tryAcquire("p", "m")).isTrue();
        assertThat(breakers.tryAcquire("p", "m"))
                .as("second caller while probing")
                .isFalse();
        breakers.onSuccess("p", "m");
        assertThat(breakers.tryAcquire("p", "m")).isTrue();
        assertThat(breakers.states()).containsEntry("p/m", CircuitState.CLOSED);
    }

    @Test
    void aFailedProbeOpensAgainForAnotherCoolDown() {
        fail(3);
        clock.advance(Duration.ofMinutes(5));
        assertThat(breakers.tryAcquire("p", "m")).isTrue();
        breakers.onFailure("p", "m", ErrorType.TIMEOUT);

        assertThat(breakers.tryAcquire("p", "m")).isFalse();
        clock.advance(Duration.ofMinutes(4));
        assertThat(breakers.isOpen("p", "m")).isTrue();
    }

    @Test
    void aLateSuccessOfACallLetThroughBeforeTheCircuitOpenedDoesNotCloseIt() {
        assertThat(breakers.tryAcquire("p", "m")).isTrue(); // slow, still in flight
        fail(3);
        breakers.onSuccess("p", "m"); // it answers now

        assertThat(breakers.states()).containsEntry("p/m", CircuitState.OPEN);
        assertThat(breakers.tryAcquire("p", "m")).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(breakers.tryAcquire("p", "m")).as("the probe").isTrue();
        breakers.onSuccess("p", "m");
        assertThat(breakers.states()).containsEntry("p/m", CircuitState.CLOSED);
    }

    @Test
    void errorsAboutTheRequestDoNotCountAgainstTheModel() {
        for (int i = 0; i < 5; i++) {
            breakers.onFailure("p", "m", ErrorType.CONTEXT_LENGTH);
            breakers.onFailure("p", "m", ErrorType.RATE_LIMIT);
        }
        assertThat(breakers.tryAcquire("p", "m")).isTrue();
    }

    @Test
    void historyRecordsEachStateChangeWithItsTimeAndCountsProbesApart() {
        Instant start = clock.instant();
        for (int i = 0; i < 4; i++) { // the fourth call is still in flight when the circuit opens
            assertThat(breakers.tryAcquire("p", "m")).isTrue();
        }
        fail(3);
        clock.advance(Duration.ofMinutes(5));
        Instant probeAt = clock.instant();
        assertThat(breakers.tryAcquire("p", "m")).isTrue();
        assertThat(breakers.tryAcquire("p", "m")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        breakers.onSuccess("p", "m");
        assertThat(breakers.tryAcquire("p", "m")).isTrue();

        CircuitHistory history = breakers.histories().get("p/m");
        assertThat(history.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(history.transitions())
                .containsExactly(
                        new CircuitHistory.Transition(start, CircuitState.CLOSED, CircuitState.OPEN, 1),
                        new CircuitHistory.Transition(probeAt, CircuitState.OPEN, CircuitState.HALF_OPEN, 1),
                        new CircuitHistory.Transition(
                                probeAt.plusSeconds(1), CircuitState.HALF_OPEN, CircuitState.CLOSED, 1));
        assertThat(history.callsClosed()).isEqualTo(5);
        assertThat(history.probes()).isEqualTo(1);
        assertThat(history.inFlight()).isEqualTo(2);
    }

    @Test
    void theFailureRateOpensTheCircuitThoughNoThreeFailuresAreConsecutive() {
        for (int i = 0; i < 4; i++) { // F S F S F S F S: 4 of 8, never two in a row
            breakers.onFailure("p", "m", ErrorType.SERVER_ERROR);
            breakers.onSuccess("p", "m");
        }
        breakers.onFailure("p", "m", ErrorType.TIMEOUT); // 5 of 9: under the 10 calls the rate needs
        assertThat(breakers.states()).containsEntry("p/m", CircuitState.CLOSED);

        breakers.onFailure("p", "m", ErrorType.NETWORK); // 6 of 10, only 2 in a row

        assertThat(breakers.states()).containsEntry("p/m", CircuitState.OPEN);
        assertThat(breakers.tryAcquire("p", "m")).isFalse();
        CircuitStatus status = breakers.statuses().get("p/m");
        assertThat(status.consecutiveFailures()).isEqualTo(2);
        assertThat(status.callsInWindow()).isEqualTo(10);
        assertThat(status.failureRate()).isEqualTo(0.6);
    }

    @Test
    void theFailureRateCountsOnlyOnceTheWindowHoldsTheMinimumCalls() {
        CircuitBreakers strict = new CircuitBreakers(
                new RouterSettings.Circuit(100, Duration.ofMinutes(5), 0.5, 20, 6, Duration.ZERO), clock, meters);
        for (int i = 0; i < 5; i++) { // 5 failures of 5 calls: every one failed, but too few
            strict.onFailure("p", "m", ErrorType.SERVER_ERROR);
        }
        assertThat(strict.states()).containsEntry("p/m", CircuitState.CLOSED);
        assertThat(strict.statuses().get("p/m").failureRate()).isEqualTo(1.0);

        strict.onSuccess("p", "m"); // the sixth call: 5 of 6

        assertThat(strict.states()).containsEntry("p/m", CircuitState.OPEN);
    }

    @Test
    void theWindowHoldsOnlyTheLastCallsAndIgnoresErrorsAboutTheRequest() {
        CircuitBreakers small = new CircuitBreakers(
                new RouterSettings.Circuit(100, Duration.ofMinutes(5), 0.5, 4, 4, Duration.ZERO), clock, meters);
        small.onFailure("p", "m", ErrorType.SERVER_ERROR);
        for (int i = 0; i < 4; i++) {
            small.onFailure("p", "m", ErrorType.RATE_LIMIT); // says nothing about health: a healthy outcome
        }

        CircuitStatus status = small.statuses().get("p/m");
        assertThat(status.callsInWindow()).isEqualTo(4);
        assertThat(status.failuresInWindow())
                .as("the failure fell out of the window")
                .isZero();
        assertThat(status.failureRate()).isZero();
    }

    @Test
    void theWindowEmptiesWhenAProbeClosesTheCircuit() {
        for (int i = 0; i < 4; i++) {
            breakers.onSuccess("p", "m");
        }
        fail(3); // opens on the run: 3 of 7
        clock.advance(Duration.ofMinutes(5));
        assertThat(breakers.tryAcquire("p", "m")).isTrue();
        breakers.onSuccess("p", "m");

        assertThat(breakers.statuses().get("p/m").callsInWindow()).isZero();
        for (int i = 0; i < 9; i++) { // F S F S ...: 5 of 9, not yet the 10 calls the rate needs
            breakers.onFailure("p", "m", i % 2 == 0 ? ErrorType.SERVER_ERROR : ErrorType.INVALID_REQUEST);
        }
        assertThat(breakers.states())
                .as("the 3 failures before the probe no longer count")
                .containsEntry("p/m", CircuitState.CLOSED);
    }

    @Test
    void aJobsProbeIsCountedAndShownWithItsOutcome() {
        fail(3);
        clock.advance(Duration.ofMinutes(5));
        Instant probeAt = clock.instant();
        assertThat(breakers.tryAcquire("p", "m")).isTrue();
        assertThat(breakers.statuses().get("p/m").lastProbe())
                .isEqualTo(new CircuitStatus.Probe(
                        probeAt, null, CircuitStatus.Source.JOB, CircuitStatus.Outcome.IN_FLIGHT));
        clock.advance(Duration.ofSeconds(2));
        breakers.onFailure("p", "m", ErrorType.TIMEOUT);

        assertThat(breakers.statuses().get("p/m").lastProbe())
                .isEqualTo(new CircuitStatus.Probe(
                        probeAt, probeAt.plusSeconds(2), CircuitStatus.Source.JOB, CircuitStatus.Outcome.FAILURE));
        assertThat(probes("failure")).isEqualTo(1);
        assertThat(probes("success")).isZero();
    }

    @Test
    void failureRateSettingsAreValidatedWithTheirNames() {
        assertThatThrownBy(() -> new RouterSettings.Circuit(3, Duration.ofMinutes(5), 0, 20, 10, Duration.ZERO))
                .hasMessageContaining("conveyor.router.circuit.failure-rate-threshold");
        assertThatThrownBy(() -> new RouterSettings.Circuit(3, Duration.ofMinutes(5), 1.5, 20, 10, Duration.ZERO))
                .hasMessageContaining("conveyor.router.circuit.failure-rate-threshold");
        assertThatThrownBy(() -> new RouterSettings.Circuit(3, Duration.ofMinutes(5), 0.5, 0, 1, Duration.ZERO))
                .hasMessageContaining("conveyor.router.circuit.sliding-window-size");
        assertThatThrownBy(() -> new RouterSettings.Circuit(3, Duration.ofMinutes(5), 0.5, 20, 21, Duration.ZERO))
                .hasMessageContaining("conveyor.router.circuit.minimum-calls");
        assertThatThrownBy(() -> new RouterSettings.Circuit(3, Duration.ofMinutes(5), 0.5, 20, 0, Duration.ZERO))
                .hasMessageContaining("conveyor.router.circuit.minimum-calls");
    }

    private double probes(String outcome) {
        return meters.get("conveyor.circuit.probes")
                .tags("provider", "p", "model", "m", "outcome", outcome)
                .counter()
                .count();
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            breakers.onFailure("p", "m", ErrorType.SERVER_ERROR);
        }
    }
}
