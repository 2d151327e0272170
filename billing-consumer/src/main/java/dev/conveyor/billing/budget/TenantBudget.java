package dev.conveyor.billing.budget;

import java.math.BigDecimal;
import java.util.List;

/**
 * A tenant's monthly limits: a budget in USD and a token quota (input plus output tokens), each
 * optional, the percentages of them that raise an alert, and what the router does with a job
 * whose worst-case cost no longer fits.
 */
record TenantBudget(
        String tenantId,
        BigDecimal monthlyBudgetUsd,
        Long monthlyTokenQuota,
        List<Integer> thresholds,
        BudgetPolicy policy) {}
