package dev.conveyor.sim.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a caller stands against a {@link RateLimitSpec} after one call was admitted or refused. A limit of 0 means that
 * dimension is unlimited.
 */
public record RateLimitState(
        boolean allowed,
        long requestLimit,
        long requestsRemaining,
        long tokenLimit,
        long tokensRemaining,
        Duration resetIn,
        Instant resetAt) {

    /** Whole seconds until the window resets, at least 1: what {@code retry-after} carries. */
    public Duration retryAfter() {
        long seconds = (resetIn.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
