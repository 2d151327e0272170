package dev.conveyor.billing.export;

import dev.conveyor.billing.ledger.ExportSeal;
import dev.conveyor.schemas.Money;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds monthly bills from the ledger's raw events. The first export of a month that is over
 * seals it for the tenant ({@code billing.exports}), under the exclusive side of {@link
 * ExportSeal}, so that no ingest transaction can still add an event to it; from then on the
 * ledger bills late events of that month to the next open month, as adjustments.
 */
@Service
class Statements {

    private static final String LINES = """
            SELECT usage_month, provider, model, task_type, count(*) AS requests,
                   sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
                   sum(cache_write_tokens) AS cache_write_tokens,
                   sum(output_tokens) AS output_tokens, sum(cost_usd) AS amount,
                   sum(batch_savings_usd) AS batch_savings_usd
            FROM billing.usage_events
            WHERE tenant_id = ? AND billed_month = ?
              AND ((event_time >= ? AND event_time < ?) OR billed_month <> usage_month)
            GROUP BY usage_month, provider, model, task_type
            ORDER BY usage_month = ? DESC, usage_month, provider, model, task_type
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    Statements(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The bill: final (sealing the month if needed) when the month is over, a draft otherwise. */
    @Transactional
    MonthlyStatement statement(String tenant, YearMonth month) {
        Optional<OffsetDateTime> closedAt = isOver(month) ? Optional.of(seal(tenant, month)) : Optional.empty();
        List<StatementLine> lines = jdbc.sql(LINES)
                .params(tenant, month.toString(), start(month), start(month.plusMonths(1)), month.toString())
                .query((rs, n) -> StatementLine.of(
                        month.toString().equals(rs.getString("usage_month"))
                                ? StatementLine.USAGE
                                : StatementLine.ADJUSTMENT,
                        rs.getString("usage_month"),
                        rs.getString("provider"),
                        rs.getString("model"),
                        rs.getString("task_type"),
                        rs.getLong("requests"),
                        rs.getLong("input_tokens"),
                        rs.getLong("cached_input_tokens"),
                        rs.getLong("cache_write_tokens"),
                        rs.getLong("output_tokens"),
                        Money.usd(rs.getBigDecimal("amount")),
                        Money.usd(rs.getBigDecimal("batch_savings_usd"))))
                .list();
        return MonthlyStatement.of(
                tenant,
                month.toString(),
                closedAt.isPresent() ? MonthlyStatement.FINAL : MonthlyStatement.DRAFT,
                closedAt.map(t -> t.withOffsetSameInstant(ZoneOffset.UTC).toString())
                        .orElse(null),
                lines);
    }

    boolean isOver(YearMonth month) {
        return month.isBefore(YearMonth.now(clock.withZone(ZoneOffset.UTC)));
    }

    /** Tenants with usage in {@code month} or adjustments billed to it (a superset of those billed). */
    List<String> tenantsBilledIn(YearMonth month) {
        String sql = """
                SELECT tenant_id FROM billing.usage_monthly WHERE usage_month = ?
                UNION
                SELECT tenant_id FROM billing.usage_events WHERE billed_month = ? AND billed_month <> usage_month
                ORDER BY tenant_id""";
        return jdbc.sql(sql)
                .params(month.toString(), month.toString())
                .query(String.class)
                .list();
    }

    private static OffsetDateTime start(YearMonth month) {
        return month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    /**
     * Past months not yet sealed that carry events, per tenant: every month from the tenant's
     * first usage month up to last month, so adjustment-only months are found too.
     */
    List<TenantMonthKey> unsealedPastMonthsWithEvents() {
        YearMonth current = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        return jdbc.sql("""
                        WITH firsts AS (
                            SELECT tenant_id, min(usage_month) AS first_month FROM billing.usage_monthly
                            GROUP BY tenant_id
                        ), months AS (
                            SELECT f.tenant_id, to_char(m, 'YYYY-MM') AS month
                            FROM firsts f,
                                 generate_series(to_date(f.first_month, 'YYYY-MM'),
                                                 to_date(?, 'YYYY-MM') - interval '1 month',
                                                 interval '1 month') AS m
                        )
                        SELECT tenant_id, month FROM months mo
                        WHERE NOT EXISTS (SELECT 1 FROM billing.exports x
                                          WHERE x.tenant_id = mo.tenant_id AND x.billed_month = mo.month)
                          AND (EXISTS (SELECT 1 FROM billing.usage_events e
                                       WHERE e.tenant_id = mo.tenant_id AND e.billed_month = mo.month
                                         AND e.event_time >= to_date(mo.month, 'YYYY-MM')::timestamp AT TIME ZONE 'UTC'
                                         AND e.event_time < (to_date(mo.month, 'YYYY-MM') + interval '1 month')::timestamp
                                                            AT TIME ZONE 'UTC')
                               OR EXISTS (SELECT 1 FROM billing.usage_events e
                                          WHERE e.tenant_id = mo.tenant_id AND e.billed_month = mo.month
                                            AND e.billed_month <> e.usage_month))
                        ORDER BY month, tenant_id""")
                .param(current.toString())
                .query((rs, n) -> new TenantMonthKey(rs.getString("tenant_id"), YearMonth.parse(rs.getString("month"))))
                .list();
    }

    record TenantMonthKey(String tenant, YearMonth month) {}

    private OffsetDateTime seal(String tenant, YearMonth month) {
        Optional<OffsetDateTime> sealed = closedAt(tenant, month);
        if (sealed.isPresent()) {
            return sealed.get();
        }
        ExportSeal.holdExclusive(jdbc);
        jdbc.sql(
                        "INSERT INTO billing.exports (tenant_id, billed_month, closed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(
                        tenant,
                        month.toString(),
                        OffsetDateTime.now(clock)
                                .withOffsetSameInstant(ZoneOffset.UTC)
                                .truncatedTo(ChronoUnit.MILLIS))
                .update();
        return closedAt(tenant, month).orElseThrow();
    }

    private Optional<OffsetDateTime> closedAt(String tenant, YearMonth month) {
        return jdbc.sql("SELECT closed_at FROM billing.exports WHERE tenant_id = ? AND billed_month = ?")
                .params(tenant, month.toString())
                .query((rs, n) -> rs.getObject("closed_at", OffsetDateTime.class))
                .optional();
    }
}
