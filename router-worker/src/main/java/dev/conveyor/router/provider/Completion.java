package dev.conveyor.router.provider;

/** A successful call: the text, the usage the provider reported and its rate-limit headers. */
public record Completion(
        String content,
        String finishReason,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        RateLimitHeaders rateLimits) {

    public Completion {
        rateLimits = rateLimits == null ? RateLimitHeaders.NONE : rateLimits;
    }

    public Completion(
            String content, String finishReason, long inputTokens, long outputTokens, long cachedInputTokens) {
        this(content, finishReason, inputTokens, outputTokens, cachedInputTokens, RateLimitHeaders.NONE);
    }
}
