package dev.conveyor.billing.usage;

import java.math.BigDecimal;

/** Summed usage of some set of events; the cost is exact. */
record UsageFigures(long requests, long inputTokens, long outputTokens, long cachedInputTokens, BigDecimal costUsd) {

    static final UsageFigures NONE = new UsageFigures(0, 0, 0, 0, dev.conveyor.schemas.Money.ZERO);

    UsageFigures plus(UsageFigures other) {
        return new UsageFigures(
                requests + other.requests,
                inputTokens + other.inputTokens,
                outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens,
                costUsd.add(other.costUsd));
    }
}
