package dev.conveyor.router.budget;

import dev.conveyor.router.RouterSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads tenants' budgets and the ledger's month-to-date spend from billing's read-only views
 * ({@code billing.budget_limits}, {@code billing.monthly_spend}; billing owns them and the
 * {@code PUT /v1/tenants/{id}/budget} that sets them) and keeps each for {@code refresh}. A stale
 * ledger figure is harmless: reservations also count what routers settled themselves, which runs
 * ahead of the ledger.
 */
class Standings {

    private static final String READ = """
            SELECT l.monthly_budget_usd, l.monthly_token_quota, l.budget_policy,
                   COALESCE(s.cost_usd, 0) AS cost_usd, COALESCE(s.tokens, 0) AS tokens
              FROM billing.budget_limits l
              LEFT JOIN billing.monthly_spend s ON s.tenant_id = l.tenant_id AND s.usage_month = :month
             WHERE l.tenant_id = :tenant
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RouterSettings.Budget settings;
    private final ConcurrentMap<String, Standing> known = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicBoolean> reading = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Unreadable> unreadable = new ConcurrentHashMap<>();

    /** The last failed read of a tenant's standing, answered again until {@code until}. */
    private record Unreadable(BudgetUnavailable error, Instant until) {}

    Standings(JdbcClient jdbc, Clock clock, RouterSettings.Budget settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * The tenant's standing this month, read again when older than {@code refresh}.
     *
     * @throws BudgetUnavailable when billing's views cannot be read
     */
    Standing of(String tenantId) {
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        Standing last = known.get(tenantId);
        boolean usable = last != null && last.month().equals(month);
        if (usable && !last.readAt().plus(settings.refresh()).isBefore(now)) {
            return last;
        }
        // One job per tenant reads again; the rest go on with what was read last (the ledger figure
        // only ever lags, and reservations count routers' own settlements), so a thousand jobs whose
        // figures expired together make one query, not a thousand.
        AtomicBoolean refreshing = reading.computeIfAbsent(tenantId, t -> new AtomicBoolean());
        if (usable && !refreshing.compareAndSet(false, true)) {
            return last;
        }
        // A failed read is answered again for {@code refresh} too: without billing's views (a router
        // run alone) or while PostgreSQL is down, every job would otherwise pay a failing query.
        Unreadable failed = unreadable.get(tenantId);
        if (!usable && failed != null && now.isBefore(failed.until())) {
            throw failed.error();
        }
        try {
            Standing read = read(tenantId, month, now);
            known.put(tenantId, read);
            unreadable.remove(tenantId);
            return read;
        } catch (BudgetUnavailable e) {
            if (usable) {
                return last;
            }
            unreadable.put(tenantId, new Unreadable(e, now.plus(settings.refresh())));
            throw e;
        } finally {
            if (usable) {
                refreshing.set(false);
            }
        }
    }

    private Standing read(String tenantId, YearMonth month, Instant now) {
        try {
            return jdbc.sql(READ)
                    .param("month", month.toString())
                    .param("tenant", tenantId)
                    .query((rs, n) -> new Standing(
                            month,
                            rs.getBigDecimal("monthly_budget_usd"),
                            rs.getObject("monthly_token_quota", Long.class),
                            Policy.of(rs.getString("budget_policy")),
                            rs.getBigDecimal("cost_usd"),
                            rs.getLong("tokens"),
                            now))
                    .optional()
                    .orElseGet(() -> Standing.unlimited(month, now));
        } catch (DataAccessException e) {
            throw new BudgetUnavailable("budget of tenant " + tenantId + " could not be read from billing's views", e);
        }
    }
}
