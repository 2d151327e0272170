package dev.conveyor.billing.budget;

import dev.conveyor.schemas.Money;
import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code billing.tenants} table. */
@Repository
class Tenants {

    private final JdbcClient jdbc;

    Tenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<TenantBudget> find(String tenantId) {
        return jdbc.sql("""
                        SELECT tenant_id, monthly_budget_usd, monthly_token_quota, thresholds, budget_policy
                        FROM billing.tenants WHERE tenant_id = ?""")
                .param(tenantId)
                .query((rs, n) -> new TenantBudget(
                        rs.getString("tenant_id"),
                        rs.getBigDecimal("monthly_budget_usd") == null
                                ? null
                                : Money.usd(rs.getBigDecimal("monthly_budget_usd")),
                        rs.getObject("monthly_token_quota", Long.class),
                        thresholds(rs.getArray("thresholds")),
                        BudgetPolicy.parse(rs.getString("budget_policy"), "budget_policy")))
                .optional();
    }

    void save(TenantBudget budget) {
        jdbc.sql("""
                        INSERT INTO billing.tenants (tenant_id, monthly_budget_usd, monthly_token_quota, thresholds,
                            budget_policy, updated_at)
                        VALUES (?, ?::numeric, ?, ?::integer[], ?, now())
                        ON CONFLICT (tenant_id) DO UPDATE SET
                            monthly_budget_usd = EXCLUDED.monthly_budget_usd,
                            monthly_token_quota = EXCLUDED.monthly_token_quota,
                            thresholds = EXCLUDED.thresholds,
                            budget_policy = EXCLUDED.budget_policy,
                            updated_at = now()""")
                .params(
                        budget.tenantId(),
                        budget.monthlyBudgetUsd() == null
                                ? null
                                : budget.monthlyBudgetUsd().toPlainString(),
                        budget.monthlyTokenQuota(),
                        budget.thresholds().stream().mapToInt(Integer::intValue).toArray(),
                        budget.policy().wire())
                .update();
    }

    private static List<Integer> thresholds(Array array) throws SQLException {
        Integer[] values = (Integer[]) array.getArray();
        return Arrays.asList(values);
    }
}
