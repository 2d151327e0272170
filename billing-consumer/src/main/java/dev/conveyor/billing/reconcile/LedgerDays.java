package dev.conveyor.billing.reconcile;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ledger's figures of one provider on one UTC day, per model, as the providers' reports group them. */
@Repository
class LedgerDays {

    private final JdbcClient jdbc;

    LedgerDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Figures day(String provider, LocalDate day) {
        Figures figures = new Figures();
        jdbc.sql("""
                        SELECT model, sum(input_tokens - cached_input_tokens - cache_write_tokens) AS uncached,
                               sum(cached_input_tokens) AS cached, sum(cache_write_tokens) AS writes,
                               sum(output_tokens) AS output, sum(cost_usd) AS cost
                          FROM billing.usage_events
                         WHERE provider = ? AND NOT cache_hit AND event_time >= ? AND event_time < ?
                         GROUP BY model""")
                .params(
                        provider,
                        OffsetDateTime.of(day.atStartOfDay(), ZoneOffset.UTC),
                        OffsetDateTime.of(day.plusDays(1).atStartOfDay(), ZoneOffset.UTC))
                .query(rs -> {
                    String model = rs.getString("model");
                    figures.add(model, Kind.INPUT_TOKENS, rs.getLong("uncached"));
                    figures.add(model, Kind.CACHED_INPUT_TOKENS, rs.getLong("cached"));
                    figures.add(model, Kind.CACHE_WRITE_TOKENS, rs.getLong("writes"));
                    figures.add(model, Kind.OUTPUT_TOKENS, rs.getLong("output"));
                    figures.add(model, Kind.COST_USD, rs.getBigDecimal("cost"));
                });
        return figures;
    }
}
