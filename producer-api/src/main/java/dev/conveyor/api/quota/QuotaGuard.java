package dev.conveyor.api.quota;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.billing.BillingClient;
import dev.conveyor.api.errors.BillingUnavailable;
import dev.conveyor.api.errors.QuotaExceeded;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Refuses new jobs from a tenant whose month-to-date spend or tokens (input plus output) have
 * reached its monthly budget or token quota, as billing-consumer's ledger has them. Figures are
 * reused for {@code conveyor.api.quota.cache-ttl}, so a tenant may overshoot by what it submits
 * in that window and by the jobs still in flight.
 */
@Service
public class QuotaGuard {

    private static final Logger log = LoggerFactory.getLogger(QuotaGuard.class);

    private final BillingClient billing;
    private final Clock clock;
    private final ApiSettings.Quota settings;
    private final Map<String, Standing> cache = new ConcurrentHashMap<>();

    QuotaGuard(BillingClient billing, Clock clock, ApiSettings settings) {
        this.billing = billing;
        this.clock = clock;
        this.settings = settings.quota();
    }

    /** A tenant's limits and this month's use of them. */
    public record Standing(
            String month, Optional<BillingClient.Budget> budget, BillingClient.Usage used, Instant readAt) {

        long tokens() {
            return used.inputTokens() + used.outputTokens();
        }
    }

    /**
     * @throws QuotaExceeded when a limit is used up
     * @throws BillingUnavailable when billing cannot be asked and {@code fail-open} is off
     */
    public void checkCanSubmit(String tenantId) {
        Standing standing;
        try {
            standing = standing(tenantId);
        } catch (BillingUnavailable e) {
            if (!settings.failOpen()) {
                throw e;
            }
            log.warn("Quota not checked for tenant {}: {}", tenantId, e.getMessage());
            return;
        }
        if (standing.budget().isEmpty()) {
            return;
        }
        BillingClient.Budget budget = standing.budget().get();
        Duration untilNextMonth = untilNextMonth();
        BigDecimal usd = budget.monthlyBudgetUsd();
        if (usd != null && standing.used().costUsd().compareTo(usd) >= 0) {
            throw new QuotaExceeded(
                    "monthly_budget_usd",
                    usd.stripTrailingZeros().toPlainString(),
                    standing.used().costUsd().stripTrailingZeros().toPlainString(),
                    untilNextMonth,
                    "Tenant '" + tenantId + "' has spent "
                            + standing.used().costUsd().stripTrailingZeros().toPlainString()
                            + " USD of its monthly budget of "
                            + usd.stripTrailingZeros().toPlainString()
                            + " USD in " + standing.month() + "; raise the budget or wait for next month");
        }
        Long quota = budget.monthlyTokenQuota();
        if (quota != null && standing.tokens() >= quota) {
            throw new QuotaExceeded(
                    "monthly_token_quota",
                    String.valueOf(quota),
                    String.valueOf(standing.tokens()),
                    untilNextMonth,
                    "Tenant '" + tenantId + "' has used " + standing.tokens() + " tokens of its monthly quota of "
                            + quota + " in " + standing.month() + "; raise the quota or wait for next month");
        }
    }

    /** The tenant's figures, from the cache while they are fresh. */
    public Standing standing(String tenantId) {
        Instant now = clock.instant();
        Standing cached = cache.get(tenantId);
        if (cached != null && cached.readAt().plus(settings.cacheTtl()).isAfter(now)) {
            return cached;
        }
        LocalDate firstOfMonth = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1);
        Optional<BillingClient.Budget> budget = billing.budget(tenantId);
        BillingClient.Usage used = billing.usageSince(tenantId, firstOfMonth);
        Standing fresh = new Standing(firstOfMonth.toString().substring(0, 7), budget, used, now);
        cache.put(tenantId, fresh);
        return fresh;
    }

    /** Forgets a tenant's figures, so a changed budget applies at once. */
    void forget(String tenantId) {
        cache.remove(tenantId);
    }

    private Duration untilNextMonth() {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        ZonedDateTime next = now.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC);
        return Duration.between(now, next);
    }
}
