package dev.conveyor.billing.budget;

import dev.conveyor.billing.BillingSettings;
import dev.conveyor.billing.api.InvalidInputException;
import dev.conveyor.billing.api.NotFoundException;
import dev.conveyor.billing.ledger.TenantMonth;
import dev.conveyor.schemas.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sets and reads tenants' budgets; a new budget is checked against this month's usage at once. */
@Service
class TenantBudgets {

    private final Tenants tenants;
    private final BudgetWatch watch;
    private final Clock clock;
    private final List<Integer> defaultThresholds;

    TenantBudgets(Tenants tenants, BudgetWatch watch, Clock clock, BillingSettings settings) {
        this.tenants = tenants;
        this.watch = watch;
        this.clock = clock;
        this.defaultThresholds = settings.budget().defaultThresholds();
    }

    TenantBudget get(String tenantId) {
        return tenants.find(tenantId)
                .orElseThrow(() -> new NotFoundException("tenant '" + tenantId + "' has no budget; set one with PUT"));
    }

    @Transactional
    TenantBudget set(String tenantId, BudgetRequest request) {
        TenantBudget budget = new TenantBudget(
                tenantId,
                budgetUsd(request.monthlyBudgetUsd()),
                tokenQuota(request.monthlyTokenQuota()),
                thresholds(request.thresholds()),
                request.policy() == null
                        ? BudgetPolicy.REJECT
                        : BudgetPolicy.find(request.policy())
                                .orElseThrow(() -> new InvalidInputException(
                                        "/policy", "policy should be one of reject, downgrade, hold")));
        tenants.save(budget);
        watch.raise(Set.of(new TenantMonth(tenantId, YearMonth.now(clock.withZone(ZoneOffset.UTC)))));
        return budget;
    }

    private static BigDecimal budgetUsd(BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            throw new InvalidInputException("/monthly_budget_usd", "monthly_budget_usd should be >= 0");
        }
        if (value.stripTrailingZeros().scale() > Money.SCALE) {
            throw new InvalidInputException(
                    "/monthly_budget_usd",
                    "monthly_budget_usd should have at most " + Money.SCALE + " fraction digits");
        }
        if (value.precision() - value.scale() > 15) {
            throw new InvalidInputException("/monthly_budget_usd", "monthly_budget_usd is too large");
        }
        return value.setScale(Money.SCALE, RoundingMode.UNNECESSARY);
    }

    private static Long tokenQuota(Long value) {
        if (value != null && value < 0) {
            throw new InvalidInputException("/monthly_token_quota", "monthly_token_quota should be >= 0");
        }
        return value;
    }

    private List<Integer> thresholds(List<Integer> values) {
        if (values == null) {
            return defaultThresholds;
        }
        if (values.isEmpty()) {
            throw new InvalidInputException("/thresholds", "thresholds should list at least one percentage");
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (int i = 0; i < values.size(); i++) {
            Integer value = values.get(i);
            if (value == null || value < 1 || value > 1000) {
                throw new InvalidInputException("/thresholds/" + i, "thresholds should be percentages from 1 to 1000");
            }
            sorted.add(value);
        }
        return List.copyOf(sorted);
    }
}
