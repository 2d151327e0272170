package dev.conveyor.router.circuit;

import dev.conveyor.router.RouterSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One provider+model's breaker. Thread-safe; transitions are synchronized and cheap. */
final class Circuit {

    private final String provider;
    private final String model;
    private final int failureThreshold;
    private final Duration coolDown;
    private final Clock clock;
    private final FailureRateWindow window;
    private final Consumer<CircuitStatus.Outcome> probeEnded;

    private CircuitState state = CircuitState.CLOSED;
    private CompletableFuture<Void> nextOpening = new CompletableFuture<>();
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean probeInFlight;
    private CircuitStatus.Probe lastProbe;
    private int inFlight;
    private long callsClosed;
    private long probes;
    private final ArrayDeque<CircuitHistory.Transition> transitions = new ArrayDeque<>();
    private long transitionsDropped;

    /**
     * @param probeEnded told, under this circuit's lock, the outcome of each probe as it ends: keep it cheap
     */
    Circuit(
            String provider,
            String model,
            RouterSettings.Circuit settings,
            Clock clock,
            Consumer<CircuitStatus.Outcome> probeEnded) {
        this.provider = provider;
        this.model = model;
        this.failureThreshold = settings.failureThreshold();
        this.coolDown = settings.coolDown();
        this.clock = clock;
        this.window = new FailureRateWindow(settings);
        this.probeEnded = probeEnded;
    }

    String provider() {
        return provider;
    }

    String model() {
        return model;
    }

    /** True when a call may go out now; in HALF_OPEN only the first caller gets to probe. */
    synchronized boolean tryAcquire() {
        return acquire(CircuitStatus.Source.JOB);
    }

    /**
     * Claims the probe slot for a background probe when the circuit is OPEN and its cool-down has
     * ended: the same slot {@link #tryAcquire()} gives the first job after the cool-down, so there
     * is never more than one probe. False when closed, still cooling down, or already probing.
     */
    synchronized boolean tryClaimProbe() {
        return awaitsProbe() && acquire(CircuitStatus.Source.BACKGROUND);
    }

    /** OPEN and the cool-down has ended: the next caller would probe. Claims nothing. */
    synchronized boolean awaitsProbe() {
        return state == CircuitState.OPEN && coolDownEnded();
    }

    private boolean acquire(CircuitStatus.Source source) {
        if (state == CircuitState.OPEN && coolDownEnded()) {
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
                lastProbe = new CircuitStatus.Probe(clock.instant(), null, source, CircuitStatus.Outcome.IN_FLIGHT);
                yield true;
            }
        };
    }

    /** The outcome of a permitted call: it was healthy (or its error says nothing about health). */
    synchronized void onSuccess() {
        settled();
        switch (state) {
            case OPEN -> {
                // a call let through before the circuit opened, answered late: only the probe closes it
            }
            case CLOSED -> {
                consecutiveFailures = 0;
                window.record(false);
                if (window.tripped()) {
                    open();
                }
            }
            case HALF_OPEN -> {
                moveTo(CircuitState.CLOSED);
                consecutiveFailures = 0;
                probeInFlight = false;
                window.reset();
                probeEnded(CircuitStatus.Outcome.SUCCESS);
            }
        }
    }

    /** The outcome of a permitted call: it failed in a way that says the model is unhealthy. */
    synchronized void onFailure() {
        settled();
        consecutiveFailures++;
        if (state == CircuitState.CLOSED) {
            window.record(true);
        }
        if (state == CircuitState.HALF_OPEN) {
            open();
            probeEnded(CircuitStatus.Outcome.FAILURE);
        } else if (consecutiveFailures >= failureThreshold || (state == CircuitState.CLOSED && window.tripped())) {
            open();
        }
    }

    private void open() {
        moveTo(CircuitState.OPEN);
        openedAt = clock.instant();
        probeInFlight = false;
        CompletableFuture<Void> opened = nextOpening;
        nextOpening = new CompletableFuture<>();
        opened.complete(null);
    }

    /** Completes the next time this circuit opens; each opening hands out a new one. */
    synchronized CompletableFuture<Void> nextOpening() {
        return nextOpening;
    }

    private void probeEnded(CircuitStatus.Outcome outcome) {
        if (lastProbe != null) {
            lastProbe = lastProbe.ended(clock.instant(), outcome);
        }
        probeEnded.accept(outcome);
    }

    private boolean coolDownEnded() {
        return !clock.instant().isBefore(openedAt.plus(coolDown));
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

    synchronized CircuitStatus status() {
        return new CircuitStatus(
                state, consecutiveFailures, window.rate(), window.calls(), window.failures(), lastProbe);
    }

    /** Whether a caller would be refused right now, without claiming the probe. */
    synchronized boolean isOpen() {
        return state == CircuitState.OPEN && !coolDownEnded();
    }

    synchronized CircuitState state() {
        return state;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
