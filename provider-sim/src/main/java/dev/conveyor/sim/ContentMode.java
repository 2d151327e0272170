package dev.conveyor.sim;

/** How the simulator writes a completion's text. */
public enum ContentMode {
    /** Reads the prompt (task, type and method names) and writes an answer about it, the same for the same prompt. */
    ANALYSED,
    /** One fixed answer without looking at the prompt: no analysis or lexing, for benchmarks. */
    FIXED
}
