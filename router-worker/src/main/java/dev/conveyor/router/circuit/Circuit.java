package dev.conveyor.router.circuit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** One provider+model's breaker. Thread-safe; transitions are synchronized and cheap. */
final class Circuit {

    private final int failureThreshold;
    private final Duration coolDown;
    private final Clock clock;

    private CircuitState state = CircuitState.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean probeInFlight;

    Circuit(int failureThreshold, Duration coolDown, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** True when a call may go out now; in HALF_OPEN only the first caller gets to probe. */
    synchronized boolean tryAcquire() {
        if (state == CircuitState.OPEN && !clock.instant().isBefore(openedAt.plus(coolDown))) {
            state = CircuitState.HALF_OPEN;
            probeInFlight = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (probeInFlight) {
                    yield false;
                }
                probeInFlight = true;
                yield true;
            }
        };
    }

    synchronized void onSuccess() {
        state = CircuitState.CLOSED;
        consecutiveFailures = 0;
        probeInFlight = false;
    }

    synchronized void onFailure() {
        consecutiveFailures++;
        if (state == CircuitState.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = CircuitState.OPEN;
            openedAt = clock.instant();
            probeInFlight = false;
        }
    }

    /** Whether a caller would be refused right now, without claiming the probe. */
    synchronized boolean isOpen() {
        return state == CircuitState.OPEN && clock.instant().isBefore(openedAt.plus(coolDown));
    }

    synchronized CircuitState state() {
        return state;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
