package dev.conveyor.catalog;

/**
 * The tokens of one provider call, as the cost function needs them. {@code input} counts every
 * prompt token, those read from or written to the prompt cache included; {@code batch} says the
 * call went through the provider's batch API.
 */
public record Tokens(long input, long cachedInput, long cacheWrite, long cacheWrite1h, long output, boolean batch) {

    public Tokens {
        if (input < 0 || cachedInput < 0 || cacheWrite < 0 || cacheWrite1h < 0 || output < 0) {
            throw new IllegalArgumentException("token counts should be 0 or more: " + this);
        }
    }

    /** A synchronous call without cache writes. */
    public static Tokens of(long input, long cachedInput, long output) {
        return new Tokens(input, cachedInput, 0, 0, output, false);
    }

    /** Prompt tokens neither read from nor written to the cache; never below 0. */
    public long uncachedInput() {
        return Math.max(0, input - cachedInput - cacheWrite - cacheWrite1h);
    }
}
