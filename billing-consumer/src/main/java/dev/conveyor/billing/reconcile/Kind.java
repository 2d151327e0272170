package dev.conveyor.billing.reconcile;

import java.util.Locale;

/** What is compared per day and model: tokens by kind, and cost. */
enum Kind {
    /** Input tokens neither read from nor written to a prompt cache. */
    INPUT_TOKENS,
    /** Input tokens read from a prompt cache. */
    CACHED_INPUT_TOKENS,
    /** Input tokens written to a prompt cache (5-minute and 1-hour writes); 0 where a provider has no writes. */
    CACHE_WRITE_TOKENS,
    OUTPUT_TOKENS,
    COST_USD;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean money() {
        return this == COST_USD;
    }
}
