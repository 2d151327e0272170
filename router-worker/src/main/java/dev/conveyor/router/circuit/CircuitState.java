package dev.conveyor.router.circuit;

/** CLOSED: calls flow. OPEN: calls are skipped until the cool-down ends. HALF_OPEN: one probe call decides. */
public enum CircuitState {
    CLOSED,
    OPEN,
    HALF_OPEN
}
