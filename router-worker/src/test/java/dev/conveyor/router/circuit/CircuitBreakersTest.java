package dev.conveyor.router.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.router.provider.ErrorType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

    private final MutableClock clock = new MutableClock();
    private final CircuitBreakers breakers =
            new CircuitBreakers(3, Duration.ofMinutes(5), clock, new SimpleMeterRegistry());

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

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            breakers.onFailure("p", "m", ErrorType.SERVER_ERROR);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-24T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
