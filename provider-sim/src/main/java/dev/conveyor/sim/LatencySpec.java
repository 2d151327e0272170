package dev.conveyor.sim;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long the simulator takes to answer a successful call.
 *
 * @param kind {@code FIXED} (always {@code millis}), {@code UNIFORM} (between {@code minMillis} and {@code maxMillis})
 *     or {@code LOGNORMAL} (median {@code millis}, shape {@code sigma}: {@code millis * exp(sigma * N(0,1))})
 */
public record LatencySpec(Kind kind, long millis, long minMillis, long maxMillis, double sigma) {

    public enum Kind {
        FIXED,
        UNIFORM,
        LOGNORMAL
    }

    public LatencySpec {
        kind = kind == null ? Kind.FIXED : kind;
        requireNonNegative("latency.millis", millis);
        requireNonNegative("latency.minMillis", minMillis);
        requireNonNegative("latency.maxMillis", maxMillis);
        if (kind == Kind.UNIFORM && maxMillis < minMillis) {
            throw new IllegalArgumentException(
                    "latency.maxMillis (" + maxMillis + ") must be at least latency.minMillis (" + minMillis + ")");
        }
        if (kind == Kind.LOGNORMAL && (sigma < 0 || Double.isNaN(sigma))) {
            throw new IllegalArgumentException("latency.sigma must be 0 or more, was " + sigma);
        }
    }

    public static LatencySpec none() {
        return fixed(Duration.ZERO);
    }

    public static LatencySpec fixed(Duration latency) {
        return new LatencySpec(Kind.FIXED, latency.toMillis(), 0, 0, 0);
    }

    public static LatencySpec uniform(Duration min, Duration max) {
        return new LatencySpec(Kind.UNIFORM, 0, min.toMillis(), max.toMillis(), 0);
    }

    public static LatencySpec logNormal(Duration median, double sigma) {
        return new LatencySpec(Kind.LOGNORMAL, median.toMillis(), 0, 0, sigma);
    }

    /** Draws one latency; the result is never negative. */
    public Duration sample(RandomGenerator random) {
        return Duration.ofMillis(
                switch (kind) {
                    case FIXED -> millis;
                    case UNIFORM -> minMillis == maxMillis ? minMillis : random.nextLong(minMillis, maxMillis + 1);
                    case LOGNORMAL -> Math.round(millis * Math.exp(sigma * random.nextGaussian()));
                });
    }

    private static void requireNonNegative(String key, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must be 0 or more, was " + value);
        }
    }
}
