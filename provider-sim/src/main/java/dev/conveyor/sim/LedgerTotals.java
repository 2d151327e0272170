package dev.conveyor.sim;

import java.math.BigDecimal;

/**
 * Sums over every call of one protocol and model since start (or the last ledger reset).
 *
 * @param costUsd what the calls cost at the catalog's list prices in effect on the day the totals are read (batch
 *     calls at its batch prices), by the catalog's one cost function; 0 for models the catalog does not list
 */
public record LedgerTotals(
        long calls,
        long succeeded,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        long cacheCreationInputTokens,
        BigDecimal costUsd) {

    public LedgerTotals {
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }

    /** Totals without a cost (0). */
    public LedgerTotals(
            long calls,
            long succeeded,
            long inputTokens,
            long outputTokens,
            long cachedInputTokens,
            long cacheCreationInputTokens) {
        this(calls, succeeded, inputTokens, outputTokens, cachedInputTokens, cacheCreationInputTokens, BigDecimal.ZERO);
    }
}
