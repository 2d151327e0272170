package dev.conveyor.catalog;

/**
 * The kinds of token a provider prices separately. {@code INPUT} is uncached prompt tokens;
 * {@code CACHED_INPUT} prompt tokens read from the provider's prompt cache; {@code CACHE_WRITE}
 * prompt tokens written to it (Anthropic's 5-minute cache, OpenAI's cache writes) and
 * {@code CACHE_WRITE_1H} to Anthropic's 1-hour cache; {@code BATCH_INPUT} and {@code BATCH_OUTPUT}
 * what a provider's batch API charges instead of {@code INPUT} and {@code OUTPUT}.
 */
public enum TokenKind {
    INPUT("input"),
    OUTPUT("output"),
    CACHED_INPUT("cached-input"),
    CACHE_WRITE("cache-write"),
    CACHE_WRITE_1H("cache-write-1h"),
    BATCH_INPUT("batch-input"),
    BATCH_OUTPUT("batch-output");

    private final String key;

    TokenKind(String key) {
        this.key = key;
    }

    /** The name of this kind's price in {@code catalog.yml}. */
    public String key() {
        return key;
    }
}
