package dev.conveyor.billing.usage;

import java.math.BigDecimal;

/**
 * Summed usage of some set of events; the cost is exact. Cache reads ({@code cachedInputTokens}) and
 * cache writes ({@code cacheWriteTokens}) are parts of {@code inputTokens}. {@code batchSavingsUsd}
 * is what calls through providers' batch APIs (deferred jobs) saved against list price, exact too.
 */
record UsageFigures(
        long requests,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        long cacheWriteTokens,
        BigDecimal costUsd,
        BigDecimal batchSavingsUsd) {

    static final UsageFigures NONE =
            new UsageFigures(0, 0, 0, 0, 0, dev.conveyor.schemas.Money.ZERO, dev.conveyor.schemas.Money.ZERO);

    UsageFigures plus(UsageFigures other) {
        return new UsageFigures(
                requests + other.requests,
                inputTokens + other.inputTokens,
                outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens,
                cacheWriteTokens + other.cacheWriteTokens,
                costUsd.add(other.costUsd),
                batchSavingsUsd.add(other.batchSavingsUsd));
    }
}
