package dev.conveyor.billing.usage;

import dev.conveyor.schemas.Money;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads usage from the ledger. When the range is whole UTC months (or open) and the grouping is
 * one the monthly aggregates hold, it reads {@code billing.usage_monthly}, which the ledger
 * keeps equal to the raw events; otherwise it sums the raw events. Either way the figures
 * reconcile exactly with {@code billing.usage_events}.
 */
@Repository
class UsageQueries {

    private final JdbcClient jdbc;

    UsageQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Figures per group key (one entry keyed {@code ""} when {@code groupBy} is null) for events of
     * {@code tenant} on UTC dates {@code from..to}, both inclusive; a null bound is open.
     */
    Map<String, UsageFigures> figures(String tenant, LocalDate from, LocalDate to, GroupBy groupBy) {
        boolean wholeMonths = (from == null || from.getDayOfMonth() == 1)
                && (to == null || to.equals(YearMonth.from(to).atEndOfMonth()));
        boolean monthly = wholeMonths && (groupBy == null || groupBy.inMonthlyAggregates);
        return monthly ? fromMonthlyAggregates(tenant, from, to, groupBy) : fromRawEvents(tenant, from, to, groupBy);
    }

    private Map<String, UsageFigures> fromMonthlyAggregates(
            String tenant, LocalDate from, LocalDate to, GroupBy groupBy) {
        StringBuilder sql =
                select(groupBy, "sum(requests)").append(" FROM billing.usage_monthly WHERE tenant_id = :tenant");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenant);
        if (from != null) {
            sql.append(" AND usage_month >= :from");
            params.put("from", YearMonth.from(from).toString());
        }
        if (to != null) {
            sql.append(" AND usage_month <= :to");
            params.put("to", YearMonth.from(to).toString());
        }
        return run(sql, params);
    }

    private Map<String, UsageFigures> fromRawEvents(String tenant, LocalDate from, LocalDate to, GroupBy groupBy) {
        StringBuilder sql = select(groupBy, "count(*)").append(" FROM billing.usage_events WHERE tenant_id = :tenant");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenant);
        if (from != null) {
            sql.append(" AND event_time >= :from");
            params.put("from", from.atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" AND event_time < :to");
            params.put("to", OffsetDateTime.of(to.plusDays(1).atStartOfDay(), ZoneOffset.UTC));
        }
        return run(sql, params);
    }

    private static StringBuilder select(GroupBy groupBy, String requests) {
        return new StringBuilder("SELECT ")
                .append(groupBy == null ? "''" : groupBy.keyExpression)
                .append(" AS group_key, ")
                .append(requests)
                .append(" AS requests, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,"
                        + " sum(cached_input_tokens) AS cached_input_tokens,"
                        + " sum(cache_write_tokens) AS cache_write_tokens, sum(cost_usd) AS cost_usd,"
                        + " sum(batch_savings_usd) AS batch_savings_usd");
    }

    private Map<String, UsageFigures> run(StringBuilder sql, Map<String, Object> params) {
        sql.append(" GROUP BY 1 ORDER BY 1");
        Map<String, UsageFigures> figures = new LinkedHashMap<>();
        jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> figures.put(
                        rs.getString("group_key"),
                        new UsageFigures(
                                rs.getLong("requests"),
                                rs.getLong("input_tokens"),
                                rs.getLong("output_tokens"),
                                rs.getLong("cached_input_tokens"),
                                rs.getLong("cache_write_tokens"),
                                Money.usd(rs.getBigDecimal("cost_usd")),
                                Money.usd(rs.getBigDecimal("batch_savings_usd")))))
                .list();
        return figures;
    }
}
