package dev.conveyor.sim;

/** Why a completion ended, before each protocol names it its own way. */
enum FinishReason {
    STOP,
    LENGTH,
    CONTENT_FILTER
}
