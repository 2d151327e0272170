package dev.conveyor.router.provider;

/**
 * A successful call: the text, the usage the provider reported and its rate-limit headers.
 * {@code inputTokens} counts every prompt token, those read from the prompt cache
 * ({@code cachedInputTokens}) and written to it ({@code cacheWriteTokens}: 5-minute writes,
 * {@code cacheWrite1hTokens}: 1-hour writes) included.
 */
public record Completion(
        String content,
        String finishReason,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        long cacheWriteTokens,
        long cacheWrite1hTokens,
        RateLimitHeaders rateLimits) {

    public Completion {
        rateLimits = rateLimits == null ? RateLimitHeaders.NONE : rateLimits;
    }

    /** A completion without cache writes. */
    public Completion(
            String content,
            String finishReason,
            long inputTokens,
            long outputTokens,
            long cachedInputTokens,
            RateLimitHeaders rateLimits) {
        this(content, finishReason, inputTokens, outputTokens, cachedInputTokens, 0, 0, rateLimits);
    }

    public Completion(
            String content, String finishReason, long inputTokens, long outputTokens, long cachedInputTokens) {
        this(content, finishReason, inputTokens, outputTokens, cachedInputTokens, RateLimitHeaders.NONE);
    }
}
