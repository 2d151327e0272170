package dev.conveyor.billing.reconcile;

import java.util.Locale;

/** What is compared per day and model: tokens by kind, and cost. */
enum Kind {
    /** Input tokens not read from a prompt cache. */
    INPUT_TOKENS,
    CACHED_INPUT_TOKENS,
    OUTPUT_TOKENS,
    COST_USD;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean money() {
        return this == COST_USD;
    }
}
