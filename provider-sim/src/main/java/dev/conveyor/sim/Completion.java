package dev.conveyor.sim;

/** A successful answer, before a protocol renders it. */
record Completion(
        String model,
        String content,
        int promptTokens,
        int completionTokens,
        int cachedTokens,
        int cacheCreationTokens,
        FinishReason finishReason) {}
