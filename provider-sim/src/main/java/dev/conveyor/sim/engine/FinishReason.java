package dev.conveyor.sim.engine;

/** Why a completion ended, before each protocol names it its own way. */
public enum FinishReason {
    STOP,
    LENGTH,
    CONTENT_FILTER
}
