package dev.conveyor.sim;

import java.time.Duration;

/**
 * A provider-style limit per API key and model: at most {@code requests} calls and {@code tokens} tokens in each
 * window of {@code windowMillis}. Zero means unlimited. A call is charged its prompt tokens plus the output tokens it
 * asked for ({@code max_tokens}), as OpenAI estimates before answering.
 */
public record RateLimitSpec(long requests, long tokens, long windowMillis) {

    public RateLimitSpec {
        if (requests < 0 || tokens < 0) {
            throw new IllegalArgumentException(
                    "rateLimit.requests and rateLimit.tokens must be 0 (unlimited) or more, were " + requests + " and "
                            + tokens);
        }
        windowMillis = windowMillis == 0 ? 60_000 : windowMillis;
        if (windowMillis < 1) {
            throw new IllegalArgumentException("rateLimit.windowMillis must be 1 or more, was " + windowMillis);
        }
    }

    public static RateLimitSpec unlimited() {
        return new RateLimitSpec(0, 0, 60_000);
    }

    public static RateLimitSpec of(long requests, long tokens, Duration window) {
        return new RateLimitSpec(requests, tokens, window.toMillis());
    }

    public boolean limited() {
        return requests > 0 || tokens > 0;
    }

    Duration window() {
        return Duration.ofMillis(windowMillis);
    }
}
