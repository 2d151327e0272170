package dev.conveyor.sim;

/** Sums over every call of one protocol and model since start (or the last ledger reset). */
public record LedgerTotals(
        long calls,
        long succeeded,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        long cacheCreationInputTokens) {}
