package dev.conveyor.sim;

/** The company whose models a {@link ModelSpec} simulates. */
public enum Provider {
    OPENAI,
    ANTHROPIC,
    GEMINI
}
