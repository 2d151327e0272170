package dev.conveyor.router.circuit;

import java.time.Instant;

/**
 * One circuit as {@code GET /actuator/circuits} shows it: enough for an operator to see why it is
 * open (a run of failures or the failure rate) and what its last probe found.
 *
 * @param state the state now
 * @param consecutiveFailures health failures since the last healthy outcome
 * @param failureRate failed calls over {@code callsInWindow}; 0 when the window is empty
 * @param callsInWindow calls in the sliding window (the last {@code sliding-window-size} at most);
 *     it empties when a probe closes the circuit
 * @param failuresInWindow health failures among them
 * @param lastProbe the last probe let through, or null when there was none
 */
public record CircuitStatus(
        CircuitState state,
        int consecutiveFailures,
        double failureRate,
        int callsInWindow,
        int failuresInWindow,
        Probe lastProbe) {

    /**
     * A probe: the one call let through after the cool-down, whose outcome closes or re-opens the
     * circuit.
     *
     * @param startedAt when it was let through
     * @param endedAt when its outcome was recorded; null while in flight
     * @param source whether a job's call or the background prober claimed it
     * @param outcome {@code IN_FLIGHT} until it ends
     */
    public record Probe(Instant startedAt, Instant endedAt, Source source, Outcome outcome) {

        Probe ended(Instant at, Outcome result) {
            return new Probe(startedAt, at, source, result);
        }
    }

    /** Who claimed a probe slot. */
    public enum Source {
        /** A job's call, the first after the cool-down. */
        JOB,
        /** {@link CircuitProber}'s minimal call, when no job came first. */
        BACKGROUND
    }

    /** What a probe found. */
    public enum Outcome {
        IN_FLIGHT,
        /** Healthy (or its error says nothing about health): the circuit closed. */
        SUCCESS,
        /** Unhealthy: the circuit opened again for another cool-down. */
        FAILURE
    }
}
