package dev.conveyor.billing.budget;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code PUT /v1/tenants/{id}/budget}. Every field is optional: a missing budget or
 * quota means no limit, missing thresholds mean the configured defaults, a missing policy means
 * {@code reject} (see {@link BudgetPolicy}). The budget may be a
 * JSON number or a decimal string; it is read exactly.
 */
record BudgetRequest(
        @JsonProperty("monthly_budget_usd") BigDecimal monthlyBudgetUsd,
        @JsonProperty("monthly_token_quota") Long monthlyTokenQuota,
        @JsonProperty("thresholds") List<Integer> thresholds,
        @JsonProperty("policy") String policy) {}
