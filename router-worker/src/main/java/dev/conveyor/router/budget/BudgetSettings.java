package dev.conveyor.router.budget;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code conveyor.router.budget}: cluster-wide budget reservations.
 *
 * @param enabled whether calls reserve against tenants' budgets at all
 * @param failClosed when the budget state cannot be read: true makes the tenant's jobs wait
 *     and ask again (then fail with {@code BUDGET_UNAVAILABLE} after {@code maxWait}) instead of
 *     calling; false (the default, so a router without billing's views still runs) calls without a
 *     reservation, which can overshoot the budget
 * @param refresh how long a tenant's budget and ledger spend, as billing has them, are reused
 * @param reservationTtl how long a reservation outlives a worker that died holding it
 * @param maxWait the longest a job waits for calls in flight to settle, or (policy {@code hold})
 *     for a raised budget or the next month; a job's own deadline may cut it shorter
 * @param retryInterval how often a waiting job asks again
 * @param promptMargin share added to the counted prompt tokens, for providers whose tokenizers count more
 */
@ConfigurationProperties("conveyor.router.budget")
public record BudgetSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean failClosed,
        @DefaultValue("PT2S") Duration refresh,
        @DefaultValue("PT10M") Duration reservationTtl,
        @DefaultValue("PT1H") Duration maxWait,
        @DefaultValue("PT0.25S") Duration retryInterval,
        @DefaultValue("0.25") BigDecimal promptMargin) {

    public BudgetSettings {
        require(refresh != null && !refresh.isNegative(), "conveyor.router.budget.refresh should be 0 or more");
        require(
                reservationTtl != null && reservationTtl.toMillis() > 0,
                "conveyor.router.budget.reservation-ttl should be greater than 0");
        require(maxWait != null && !maxWait.isNegative(), "conveyor.router.budget.max-wait should be 0 or more");
        require(
                retryInterval != null && retryInterval.toMillis() > 0,
                "conveyor.router.budget.retry-interval should be greater than 0");
        require(
                promptMargin != null && promptMargin.signum() >= 0,
                "conveyor.router.budget.prompt-margin should be 0 or more");
    }

    public static BudgetSettings defaults() {
        return new BudgetSettings(
                true,
                true,
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                Duration.ofHours(1),
                Duration.ofMillis(250),
                new BigDecimal("0.25"));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
