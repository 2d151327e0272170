package dev.conveyor.router.provider;

/** A successful call: the text and the usage the provider reported. */
public record Completion(
        String content, String finishReason, long inputTokens, long outputTokens, long cachedInputTokens) {}
