package dev.conveyor.router.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * One configured limit: {@code perWindow} requests or tokens per fixed {@code window}, for a
 * provider's API key ({@code model} null) or for one model under it. {@code id} names its shared
 * state in PostgreSQL.
 */
record Bucket(String provider, String model, Kind kind, long perWindow, Duration window) {

    Bucket {
        if (perWindow < 1) {
            throw new IllegalArgumentException("a rate limit should allow at least 1 per window: " + provider + "/"
                    + (model == null ? "*" : model) + " " + kind);
        }
    }

    String id() {
        return provider + "/" + (model == null ? "*" : model) + "/"
                + kind.name().toLowerCase();
    }

    /** The start of the fixed window {@code now} falls in; windows are aligned to multiples of their length. */
    Instant windowOf(Instant now) {
        long length = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length) * length);
    }

    Instant windowEnd(Instant windowStart) {
        return windowStart.plus(window);
    }
}
