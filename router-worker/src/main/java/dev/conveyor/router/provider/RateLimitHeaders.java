package dev.conveyor.router.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * What a provider said about its rate limits on one answer (OpenAI {@code x-ratelimit-*}, Anthropic
 * {@code anthropic-ratelimit-*}): for requests and for tokens, the limit, what remains of it and
 * how long until it resets. Empty when the provider sent none.
 */
public record RateLimitHeaders(Optional<Quota> requests, Optional<Quota> tokens) {

    public static final RateLimitHeaders NONE = new RateLimitHeaders(Optional.empty(), Optional.empty());

    public record Quota(long limit, long remaining, Duration reset) {}
}
