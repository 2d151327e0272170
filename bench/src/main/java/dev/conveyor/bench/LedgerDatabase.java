package dev.conveyor.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * The driver's read-only view of a billing ledger in PostgreSQL: the product's schema
 * ({@code billing}) or the row-at-a-time baseline's, which has the same two tables
 * ({@code usage_events} with {@code ingested_at}, {@code usage_monthly}).
 */
final class LedgerDatabase implements AutoCloseable {

    record Login(String url, String username, String password) {}

    private final Connection connection;
    private final String schema;

    private LedgerDatabase(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
    }

    static LedgerDatabase open(Login login, String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("schema should be a plain lower-case identifier, was " + schema);
        }
        try {
            Connection connection = DriverManager.getConnection(login.url(), login.username(), login.password());
            connection.setAutoCommit(true);
            return new LedgerDatabase(connection, schema);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot connect to PostgreSQL at " + login.url() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the service created its tables yet (its migrations run at start-up). */
    boolean ready() {
        try (PreparedStatement s =
                connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL AND to_regclass(?) IS NOT NULL")) {
            s.setString(1, schema + ".usage_events");
            s.setString(2, schema + ".usage_monthly");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw failed("check for the ledger tables", e);
        }
    }

    /** Requests in the monthly aggregates: a cheap count of what was ingested (a few thousand rows). */
    long aggregatedRequests() {
        return single("SELECT coalesce(sum(requests), 0) FROM " + schema + ".usage_monthly");
    }

    long eventRows() {
        return single("SELECT count(*) FROM " + schema + ".usage_events");
    }

    /** Ledger rows whose transaction started before {@code until}. */
    long eventRowsIngestedBefore(Instant until) {
        try (PreparedStatement s =
                connection.prepareStatement("SELECT count(*) FROM " + schema + ".usage_events WHERE ingested_at < ?")) {
            s.setTimestamp(1, Timestamp.from(until));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failed("count ledger rows", e);
        }
    }

    /** When the first ledger row's transaction started; null while there is none. */
    /**
     * Waits, looking every {@code pollMillis}, until the consumer has made the ledger's tables and
     * ingested a first event, while it lives; answers that event's ingest time.
     */
    Instant awaitFirstIngest(Workers consumer, Duration timeout, long pollMillis) {
        Driver.await(
                () -> ready() && firstIngest() != null,
                () -> Workers.Pause.millis(pollMillis),
                consumer::requireAlive,
                timeout,
                () -> "the consumer ingested nothing into " + schema + " within " + timeout.toSeconds()
                        + " s of starting");
        return firstIngest();
    }

    Instant firstIngest() {
        return instant("SELECT min(ingested_at) FROM " + schema + ".usage_events");
    }

    Instant lastIngest() {
        return instant("SELECT max(ingested_at) FROM " + schema + ".usage_events");
    }

    Map<String, TenantTotals> aggregateTotals() {
        return totals("SELECT tenant_id, sum(requests), sum(input_tokens), sum(cached_input_tokens),"
                + " sum(output_tokens), sum(cost_usd) FROM " + schema + ".usage_monthly GROUP BY tenant_id");
    }

    Map<String, TenantTotals> eventTotals() {
        return totals("SELECT tenant_id, count(*), sum(input_tokens), sum(cached_input_tokens),"
                + " sum(output_tokens), sum(cost_usd) FROM " + schema + ".usage_events GROUP BY tenant_id");
    }

    /** What the ledger says deferral saved: the sum of {@code batch_savings_usd} (billing V5). */
    BigDecimal batchSavings() {
        try (PreparedStatement s = connection.prepareStatement(
                        "SELECT coalesce(sum(batch_savings_usd), 0) FROM " + schema + ".usage_events");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getBigDecimal(1);
        } catch (SQLException e) {
            throw failed("sum the ledger's batch savings", e);
        }
    }

    /** The tenant of every ledger row, by its event id. */
    Map<String, String> eventTenants() {
        Map<String, String> tenants = new java.util.HashMap<>();
        try (PreparedStatement s =
                        connection.prepareStatement("SELECT event_id, tenant_id FROM " + schema + ".usage_events");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                tenants.put(rs.getString(1), rs.getString(2));
            }
            return tenants;
        } catch (SQLException e) {
            throw failed("read the ledger's event ids", e);
        }
    }

    /** Hands the job id of every ledger row to {@code index} as the index {@link JobMix#index} reads from it. */
    void forEachJobIndex(IntConsumer index) {
        try {
            connection.setAutoCommit(false); // a cursor: rows are fetched in chunks, not all at once
            try (PreparedStatement s = connection.prepareStatement("SELECT job_id FROM " + schema + ".usage_events")) {
                s.setFetchSize(20_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        index.accept(JobMix.index(rs.getString(1)));
                    }
                }
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed("read the ledger's job ids", e);
        }
    }

    /** Process ids of the other client sessions on this server: the service's connection pool. */
    List<Long> otherSessions() {
        List<Long> pids = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT pid FROM pg_stat_activity"
                        + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                pids.add(rs.getLong(1));
            }
            return pids;
        } catch (SQLException e) {
            throw failed("list the server's sessions", e);
        }
    }

    String setting(String name) {
        try (PreparedStatement s = connection.prepareStatement("SELECT current_setting(?)")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw failed("read setting " + name, e);
        }
    }

    private Map<String, TenantTotals> totals(String sql) {
        Map<String, TenantTotals> byTenant = new TreeMap<>();
        try (PreparedStatement s = connection.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                BigDecimal cost = rs.getBigDecimal(6);
                byTenant.put(
                        rs.getString(1),
                        new TenantTotals(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), cost));
            }
            return byTenant;
        } catch (SQLException e) {
            throw failed("sum the ledger per tenant", e);
        }
    }

    private long single(String sql) {
        try (PreparedStatement s = connection.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed("query the ledger", e);
        }
    }

    private Instant instant(String sql) {
        try (PreparedStatement s = connection.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            Timestamp at = rs.getTimestamp(1);
            return at == null ? null : at.toInstant();
        } catch (SQLException e) {
            throw failed("query the ledger", e);
        }
    }

    private IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " in schema " + schema + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a connection the driver no longer needs
        }
    }
}
