package dev.conveyor.router.budget;

import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.embedded.Postgres;
import dev.conveyor.router.RoutingDatabase;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The test JVM's PostgreSQL with billing's schema migrated beside routing's (billing-consumer's own
 * migrations), and fixtures that set budgets and ledger spend as billing would have them.
 */
public final class BudgetDatabase {

    private static volatile boolean migrated;

    private BudgetDatabase() {}

    public static JdbcClient jdbc() {
        JdbcClient jdbc = RoutingDatabase.jdbc();
        if (!migrated) {
            synchronized (BudgetDatabase.class) {
                if (!migrated) {
                    Postgres pg = Infrastructure.shared().postgres();
                    Flyway.configure()
                            .dataSource(pg.jdbcUrl(), pg.username(), pg.password())
                            .schemas("billing")
                            .table("flyway_schema_history")
                            .locations("classpath:db/migration/billing")
                            .load()
                            .migrate();
                    migrated = true;
                }
            }
        }
        return jdbc;
    }

    /** Sets the tenant's budget (null: none), token quota (null: none) and policy, as billing's PUT does. */
    public static void budget(String tenantId, String usd, Long tokens, String policy) {
        jdbc().sql("""
                        INSERT INTO billing.tenants (tenant_id, monthly_budget_usd, monthly_token_quota, budget_policy)
                        VALUES (?, ?::numeric, ?, ?)
                        ON CONFLICT (tenant_id) DO UPDATE SET monthly_budget_usd = EXCLUDED.monthly_budget_usd,
                            monthly_token_quota = EXCLUDED.monthly_token_quota, budget_policy = EXCLUDED.budget_policy""").params(tenantId, usd, tokens, policy).update();
    }

    /** Records spend in the ledger's monthly totals, as billing's ingest does. */
    public static void ledger(String tenantId, YearMonth month, String usd, long tokens) {
        jdbc().sql("""
                        INSERT INTO billing.usage_monthly (tenant_id, usage_month, provider, model, task_type, requests,
                            input_tokens, output_tokens, cached_input_tokens, cost_usd)
                        VALUES (?, ?, 'p', 'm', 't', 1, ?, 0, 0, ?)""")
                .params(tenantId, month.toString(), tokens, new BigDecimal(usd))
                .update();
    }

    /** This month's settled USD and tokens and reserved USD of the tenant, numbers without trailing zeros. */
    public static List<Object> account(String tenantId) {
        ReservationStore.Account a = new ReservationStore(jdbc()).account(tenantId, YearMonth.now(ZoneOffset.UTC));
        return List.of(
                a.settledUsd().stripTrailingZeros(),
                a.settledTokens(),
                a.reservedUsd().stripTrailingZeros());
    }
}
