package dev.conveyor.router.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

/**
 * A tenant's limits and the ledger's month-to-date spend, as billing had them at {@code readAt}.
 * A null budget or quota is no limit.
 */
record Standing(
        YearMonth month,
        BigDecimal budgetUsd,
        Long tokenQuota,
        Policy policy,
        BigDecimal ledgerUsd,
        long ledgerTokens,
        Instant readAt) {

    static Standing unlimited(YearMonth month, Instant readAt) {
        return new Standing(month, null, null, Policy.REJECT, BigDecimal.ZERO, 0, readAt);
    }

    boolean limited() {
        return budgetUsd != null || tokenQuota != null;
    }
}
