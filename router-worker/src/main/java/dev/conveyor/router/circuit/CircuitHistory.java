package dev.conveyor.router.circuit;

import java.time.Instant;
import java.util.List;

/**
 * What one circuit has done: its state changes, oldest first (the last {@link #KEPT} of them), the
 * calls it let through in each state, and the calls in flight now. For operators and for the
 * failover benchmark, which needs to know when the circuit was open.
 *
 * @param state the state now
 * @param transitions state changes, oldest first; older ones are dropped past {@link #KEPT}
 * @param transitionsDropped state changes no longer in {@code transitions}
 * @param callsClosed calls permitted while closed
 * @param probes calls permitted while half-open (the probes)
 * @param inFlight permitted calls whose outcome is not yet known
 */
public record CircuitHistory(
        CircuitState state,
        List<Transition> transitions,
        long transitionsDropped,
        long callsClosed,
        long probes,
        int inFlight) {

    /** State changes kept per circuit. */
    public static final int KEPT = 1000;

    /**
     * One state change.
     *
     * @param at when it happened (the router's clock)
     * @param from the state before
     * @param to the state after
     * @param inFlight calls permitted earlier whose outcome was not yet known at that moment: when
     *     a circuit opens these may still reach the provider, though no call is permitted while open
     */
    public record Transition(Instant at, CircuitState from, CircuitState to, int inFlight) {}
}
