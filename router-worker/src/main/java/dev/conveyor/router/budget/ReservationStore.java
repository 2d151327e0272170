package dev.conveyor.router.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reservations' shared state in PostgreSQL ({@code routing.budget_accounts},
 * {@code routing.budget_reservations}); each operation is one atomic statement, so any number of
 * workers reserve against the same account without ever holding more than the budget.
 */
class ReservationStore {

    /** How a reservation attempt ended. */
    enum Answer {
        GRANTED,
        /** Does not fit now, but would once calls in flight settle. */
        BUSY,
        /** Does not fit even with nothing in flight. */
        REFUSED
    }

    /** What a tenant's month holds, for operators and tests. */
    record Account(BigDecimal settledUsd, long settledTokens, BigDecimal reservedUsd, long reservedTokens) {}

    private final JdbcClient jdbc;

    ReservationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Answer reserve(Reservation r, Standing standing, Instant expires) {
        try {
            String answer = jdbc.sql("SELECT routing.reserve_budget(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            r.id(),
                            r.tenantId(),
                            r.month().toString(),
                            r.usd(),
                            r.tokens(),
                            standing.budgetUsd(),
                            standing.tokenQuota(),
                            standing.ledgerUsd(),
                            standing.ledgerTokens(),
                            OffsetDateTime.ofInstant(expires, ZoneOffset.UTC))
                    .query(String.class)
                    .single();
            return Answer.valueOf(answer.toUpperCase(Locale.ROOT));
        } catch (DataAccessException e) {
            throw new BudgetUnavailable("no reservation for tenant " + r.tenantId(), e);
        }
    }

    /** Gives the reservation back and adds what the call actually cost (zero: released). */
    void settle(Reservation r, BigDecimal actualUsd, long actualTokens) {
        jdbc.sql("SELECT routing.settle_budget(?, ?, ?, ?, ?)")
                .params(r.id(), r.tenantId(), r.month().toString(), actualUsd, actualTokens)
                .query((rs, n) -> 1)
                .single();
    }

    /** Gives back every reservation that expired before {@code now}: their workers died. */
    int sweep(Instant now) {
        return jdbc.sql("""
                        WITH gone AS (
                            DELETE FROM routing.budget_reservations WHERE expires_at < ?
                            RETURNING tenant_id, usage_month, usd, tokens),
                        held AS (
                            SELECT tenant_id, usage_month, sum(usd) AS usd, sum(tokens) AS tokens, count(*) AS n
                              FROM gone GROUP BY tenant_id, usage_month)
                        UPDATE routing.budget_accounts a
                           SET reserved_usd = GREATEST(0, a.reserved_usd - held.usd),
                               reserved_tokens = GREATEST(0, a.reserved_tokens - held.tokens)
                          FROM held
                         WHERE a.tenant_id = held.tenant_id AND a.usage_month = held.usage_month
                        RETURNING held.n
                        """).param(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).query(Integer.class).list().stream()
                .mapToInt(Integer::intValue)
                .sum();
    }

    Account account(String tenantId, YearMonth month) {
        return jdbc.sql("""
                        SELECT settled_usd, settled_tokens, reserved_usd, reserved_tokens
                          FROM routing.budget_accounts WHERE tenant_id = ? AND usage_month = ?""")
                .params(tenantId, month.toString())
                .query((rs, n) -> new Account(
                        rs.getBigDecimal("settled_usd"),
                        rs.getLong("settled_tokens"),
                        rs.getBigDecimal("reserved_usd"),
                        rs.getLong("reserved_tokens")))
                .optional()
                .orElse(new Account(BigDecimal.ZERO, 0, BigDecimal.ZERO, 0));
    }
}
