package dev.conveyor.sim;

/** How a model that is down behaves. */
public enum OutageMode {
    /** The connection is reset as soon as the request is read; the client sees an I/O error, as if refused. */
    REFUSE,
    /** The request is accepted and never answered, until the client gives up. */
    HANG,
    /** The provider answers 503 (Gemini UNAVAILABLE, Anthropic 529 overloaded_error is a separate error rate). */
    UNAVAILABLE
}
