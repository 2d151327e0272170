package dev.conveyor.billing.budget;

import dev.conveyor.billing.ledger.TenantMonth;
import dev.conveyor.billing.usage.Forecast;
import dev.conveyor.schemas.AlertMetric;
import dev.conveyor.schemas.BudgetAlert;
import dev.conveyor.schemas.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code billing.alerts} table, an outbox: alerts are written in the transaction that
 * crossed the threshold, unique per tenant, month, metric and threshold, and published from
 * here afterwards.
 */
@Repository
class AlertOutbox {

    /** Thresholds crossed by the current totals of the given tenant months and not yet raised. */
    private static final String CROSSED = """
            WITH touched AS (
                SELECT t.* FROM unnest(?::text[], ?::text[]) AS t(tenant_id, usage_month)
                WHERE EXISTS (SELECT 1 FROM billing.tenants b WHERE b.tenant_id = t.tenant_id)
            ), used AS (
                SELECT m.tenant_id, m.usage_month, sum(m.cost_usd) AS cost,
                       sum(m.input_tokens + m.output_tokens) AS tokens
                FROM billing.usage_monthly m JOIN touched t USING (tenant_id, usage_month)
                GROUP BY m.tenant_id, m.usage_month
            ), crossed AS (
                SELECT u.tenant_id, u.usage_month, 'COST_USD' AS metric, th AS threshold_percent,
                       b.monthly_budget_usd AS limit_value, u.cost AS used_value
                FROM used u JOIN billing.tenants b USING (tenant_id) CROSS JOIN LATERAL unnest(b.thresholds) AS th
                WHERE b.monthly_budget_usd IS NOT NULL AND u.cost * 100 >= b.monthly_budget_usd * th
                UNION ALL
                SELECT u.tenant_id, u.usage_month, 'TOKENS', th, b.monthly_token_quota, u.tokens
                FROM used u JOIN billing.tenants b USING (tenant_id) CROSS JOIN LATERAL unnest(b.thresholds) AS th
                WHERE b.monthly_token_quota IS NOT NULL AND u.tokens * 100 >= b.monthly_token_quota::numeric * th
            )
            SELECT c.* FROM crossed c
            WHERE NOT EXISTS (SELECT 1 FROM billing.alerts a
                              WHERE a.tenant_id = c.tenant_id AND a.usage_month = c.usage_month
                                AND a.metric = c.metric AND a.threshold_percent = c.threshold_percent)
            ORDER BY c.tenant_id, c.usage_month, c.metric, c.threshold_percent
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    AlertOutbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records an alert for every threshold the months' totals crossed for the first time. */
    int raiseCrossed(Collection<TenantMonth> touched) {
        String[] tenants = touched.stream().map(TenantMonth::tenantId).toArray(String[]::new);
        String[] months = touched.stream().map(t -> t.month().toString()).toArray(String[]::new);
        List<BudgetAlert> crossed = jdbc.sql(CROSSED)
                .params(tenants, months)
                .query((rs, n) -> alert(
                        rs.getString("tenant_id"),
                        YearMonth.parse(rs.getString("usage_month")),
                        AlertMetric.valueOf(rs.getString("metric")),
                        rs.getInt("threshold_percent"),
                        rs.getBigDecimal("limit_value"),
                        rs.getBigDecimal("used_value")))
                .list();
        int raised = 0;
        for (BudgetAlert alert : crossed) {
            raised += insert(alert);
        }
        return raised;
    }

    /**
     * Records a {@code FORECAST_COST_USD} alert for every touched tenant whose current month's
     * projected spend reached its budget for the first time, once {@code after} of the month passed.
     */
    int raiseForecasts(Collection<TenantMonth> touched, Duration after) {
        Instant now = clock.instant();
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        String[] tenants = touched.stream()
                .filter(t -> t.month().equals(current))
                .map(TenantMonth::tenantId)
                .toArray(String[]::new);
        if (tenants.length == 0) {
            return 0;
        }
        int raised = 0;
        for (BudgetAlert alert : jdbc.sql("""
                        SELECT m.tenant_id, b.monthly_budget_usd, sum(m.cost_usd) AS cost
                          FROM billing.usage_monthly m JOIN billing.tenants b USING (tenant_id)
                         WHERE m.tenant_id = ANY(?::text[]) AND m.usage_month = ? AND b.monthly_budget_usd IS NOT NULL
                           AND NOT EXISTS (SELECT 1 FROM billing.alerts a WHERE a.tenant_id = m.tenant_id
                                           AND a.usage_month = m.usage_month AND a.metric = 'FORECAST_COST_USD')
                         GROUP BY m.tenant_id, b.monthly_budget_usd""")
                .params(tenants, current.toString())
                .query((rs, n) -> {
                    Forecast forecast = Forecast.of(current, rs.getBigDecimal("cost"), now);
                    BigDecimal budget = rs.getBigDecimal("monthly_budget_usd");
                    return forecast.elapsed().compareTo(after) >= 0 && forecast.reaches(budget)
                            ? alert(
                                    rs.getString("tenant_id"),
                                    current,
                                    AlertMetric.FORECAST_COST_USD,
                                    100,
                                    budget,
                                    forecast.projectedUsd())
                            : null;
                })
                .list()) {
            if (alert != null) {
                raised += insert(alert);
            }
        }
        return raised;
    }

    /** Records the alert unless one for its tenant, month, metric and threshold exists; answers 1 if new. */
    int insert(BudgetAlert alert) {
        return jdbc.sql("""
                            INSERT INTO billing.alerts (alert_id, tenant_id, usage_month, metric, threshold_percent,
                                limit_value, used_value, raised_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT DO NOTHING""")
                .params(
                        alert.getAlertId(),
                        alert.getTenantId(),
                        alert.getMonth(),
                        alert.getMetric().name(),
                        alert.getThresholdPercent(),
                        alert.getLimitValue(),
                        alert.getUsedValue(),
                        OffsetDateTime.ofInstant(alert.getRaisedAt(), ZoneOffset.UTC))
                .update();
    }

    /** Locks up to {@code limit} unpublished alerts, oldest first; other publishers skip them. */
    List<BudgetAlert> lockUnpublished(int limit) {
        return jdbc.sql("""
                        SELECT tenant_id, usage_month, metric, threshold_percent, limit_value, used_value, raised_at
                        FROM billing.alerts WHERE published_at IS NULL
                        ORDER BY raised_at, tenant_id, usage_month, metric, threshold_percent
                        LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(limit)
                .query((rs, n) -> withRaisedAt(
                        alert(
                                rs.getString("tenant_id"),
                                YearMonth.parse(rs.getString("usage_month")),
                                AlertMetric.valueOf(rs.getString("metric")),
                                rs.getInt("threshold_percent"),
                                rs.getBigDecimal("limit_value"),
                                rs.getBigDecimal("used_value")),
                        rs.getObject("raised_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    void markPublished(String alertId) {
        jdbc.sql("UPDATE billing.alerts SET published_at = ? WHERE alert_id = ?")
                .params(OffsetDateTime.now(clock), alertId)
                .update();
    }

    BudgetAlert alert(
            String tenantId, YearMonth month, AlertMetric metric, int threshold, BigDecimal limit, BigDecimal used) {
        return BudgetAlert.newBuilder()
                .setAlertId(AlertIds.of(tenantId, month, metric, threshold))
                .setTenantId(tenantId)
                .setMonth(month.toString())
                .setMetric(metric)
                .setThresholdPercent(threshold)
                .setLimitValue(Money.usd(limit))
                .setUsedValue(Money.usd(used))
                .setRaisedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static BudgetAlert withRaisedAt(BudgetAlert alert, Instant raisedAt) {
        return BudgetAlert.newBuilder(alert).setRaisedAt(raisedAt).build();
    }
}
