package dev.conveyor.sim.engine;

/** A successful answer, before a protocol renders it. */
public record Completion(
        String model,
        String content,
        int promptTokens,
        int completionTokens,
        int cachedTokens,
        int cacheCreationTokens,
        FinishReason finishReason) {}
