package dev.conveyor.billing.reconcile;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code billing.reconciliations} table: the latest comparison of each day, provider, model and kind. */
@Repository
class Reconciliations {

    private final JdbcClient jdbc;
    private final Clock clock;

    Reconciliations(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Replaces the provider's comparisons of {@code day}. */
    @Transactional
    void replace(LocalDate day, String provider, List<Comparison> rows) {
        jdbc.sql("DELETE FROM billing.reconciliations WHERE usage_day = ? AND provider = ?")
                .params(day, provider)
                .update();
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (Comparison c : rows) {
            jdbc.sql("""
                            INSERT INTO billing.reconciliations (usage_day, provider, model, kind, ledger_value,
                                provider_value, within_tolerance, checked_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            c.day(),
                            c.provider(),
                            c.model(),
                            c.kind(),
                            c.ledger(),
                            c.reported(),
                            c.withinTolerance(),
                            now)
                    .update();
        }
    }

    List<Comparison> month(YearMonth month) {
        return jdbc.sql("""
                        SELECT usage_day, provider, model, kind, ledger_value, provider_value, within_tolerance
                          FROM billing.reconciliations WHERE usage_day >= ? AND usage_day <= ?
                         ORDER BY usage_day, provider, model, kind""")
                .params(month.atDay(1), month.atEndOfMonth())
                .query((rs, n) -> new Comparison(
                        rs.getObject("usage_day", LocalDate.class),
                        rs.getString("provider"),
                        rs.getString("model"),
                        rs.getString("kind"),
                        rs.getBigDecimal("ledger_value"),
                        rs.getBigDecimal("provider_value"),
                        rs.getBoolean("within_tolerance")))
                .list();
    }
}
