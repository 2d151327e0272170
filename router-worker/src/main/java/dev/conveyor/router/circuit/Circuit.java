package dev.conveyor.router.circuit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/** One provider+model's breaker. Thread-safe; transitions are synchronized and cheap. */
final class Circuit {

    private final int failureThreshold;
    private final Duration coolDown;
    private final Clock clock;

    private CircuitState state = CircuitState.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean probeInFlight;
    private int inFlight;
    private long callsClosed;
    private long probes;
    private final ArrayDeque<CircuitHistory.Transition> transitions = new ArrayDeque<>();
    private long transitionsDropped;

    Circuit(int failureThreshold, Duration coolDown, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** True when a call may go out now; in HALF_OPEN only the first caller gets to probe. */
    synchronized boolean tryAcquire() {
        if (state == CircuitState.OPEN && !clock.instant().isBefore(openedAt.plus(coolDown))) {
            moveTo(CircuitState.HALF_OPEN);
            probeInFlight = false;
        }
        return switch (state) {
            case CLOSED -> {
                callsClosed++;
                inFlight++;
                yield true;
            }
            case OPEN -> false;
            case HALF_OPEN -> {
                if (probeInFlight) {
                    yield false;
                }
                probeInFlight = true;
                probes++;
                inFlight++;
                yield true;
            }
        };
    }

    /** The outcome of a permitted call: it was healthy (or its error says nothing about health). */
    synchronized void onSuccess() {
        settled();
        if (state == CircuitState.OPEN) {
            // a call let through before the circuit opened, answered late: only the probe closes it
            return;
        }
        moveTo(CircuitState.CLOSED);
        consecutiveFailures = 0;
        probeInFlight = false;
    }

    /** The outcome of a permitted call: it failed in a way that says the model is unhealthy. */
    synchronized void onFailure() {
        settled();
        consecutiveFailures++;
        if (state == CircuitState.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            moveTo(CircuitState.OPEN);
            openedAt = clock.instant();
            probeInFlight = false;
        }
    }

    private void settled() {
        if (inFlight > 0) {
            inFlight--;
        }
    }

    private void moveTo(CircuitState next) {
        if (next != state) {
            if (transitions.size() == CircuitHistory.KEPT) {
                transitions.removeFirst();
                transitionsDropped++;
            }
            transitions.addLast(new CircuitHistory.Transition(clock.instant(), state, next, inFlight));
        }
        state = next;
    }

    synchronized CircuitHistory history() {
        return new CircuitHistory(state, List.copyOf(transitions), transitionsDropped, callsClosed, probes, inFlight);
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
