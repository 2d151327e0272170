package dev.conveyor.catalog;

/** The wire protocol a provider speaks; {@code OPENAI} for every OpenAI-compatible server. */
public enum Protocol {
    OPENAI,
    ANTHROPIC,
    GEMINI
}
