package dev.conveyor.sim.ratelimit;

import dev.conveyor.sim.RateLimitSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window request and token limits per API key and model, like a provider's per-organization limits. Windows
 * are aligned to multiples of their length since the epoch, so every caller sees the same reset instant.
 */
public final class RateLimiter {

    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Admits the call and charges it, or refuses it and charges nothing. */
    public RateLimitState acquire(String apiKey, String model, RateLimitSpec spec, long tokens) {
        long now = clock.millis();
        long windowStart = now - Math.floorMod(now, spec.windowMillis());
        long windowEnd = windowStart + spec.windowMillis();
        var window = windows.computeIfAbsent(apiKey + '\u0000' + model, key -> new Window());
        synchronized (window) {
            if (window.start != windowStart) {
                window.start = windowStart;
                window.requests = 0;
                window.tokens = 0;
            }
            boolean allowed = fits(window.requests + 1, spec.requests()) && fits(window.tokens + tokens, spec.tokens());
            if (allowed) {
                window.requests++;
                window.tokens += tokens;
            }
            return new RateLimitState(
                    allowed,
                    spec.requests(),
                    remaining(spec.requests(), window.requests),
                    spec.tokens(),
                    remaining(spec.tokens(), window.tokens),
                    Duration.ofMillis(windowEnd - now),
                    Instant.ofEpochMilli(windowEnd));
        }
    }

    public void reset() {
        windows.clear();
    }

    private static boolean fits(long used, long limit) {
        return limit == 0 || used <= limit;
    }

    private static long remaining(long limit, long used) {
        return limit == 0 ? 0 : Math.max(0, limit - used);
    }

    private static final class Window {
        long start = Long.MIN_VALUE;
        long requests;
        long tokens;
    }
}
