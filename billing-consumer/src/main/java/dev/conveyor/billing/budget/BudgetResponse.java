package dev.conveyor.billing.budget;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A tenant's budget as the API shows it; money as a decimal string. */
record BudgetResponse(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("monthly_budget_usd") String monthlyBudgetUsd,
        @JsonProperty("monthly_token_quota") Long monthlyTokenQuota,
        @JsonProperty("thresholds") List<Integer> thresholds,
        @JsonProperty("policy") String policy) {

    static BudgetResponse of(TenantBudget budget) {
        return new BudgetResponse(
                budget.tenantId(),
                budget.monthlyBudgetUsd() == null
                        ? null
                        : budget.monthlyBudgetUsd().toPlainString(),
                budget.monthlyTokenQuota(),
                budget.thresholds(),
                budget.policy().wire());
    }
}
