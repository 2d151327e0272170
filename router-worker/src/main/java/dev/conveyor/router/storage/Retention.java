package dev.conveyor.router.storage;

import dev.conveyor.router.RouterSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes what the router no longer needs ({@code conveyor.router.retention}): completion records
 * older than their retention and expired response-cache rows. Rows go in batches of {@code
 * batch-size}, each batch its own short statement over rows locked with {@code SKIP LOCKED}, so
 * every worker of a cluster can sweep at once without waiting on another and no job's insert or
 * lookup waits behind a long delete. A sweep that fails (the database away) is tried again at the
 * next interval.
 */
public final class Retention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** Table, the column that dates a row, and whether a row is gone when that date is past (expiry) or old. */
    private enum Table {
        COMPLETIONS("routing.completions", "completed_at", false),
        RESPONSE_CACHE("routing.response_cache", "expires_at", true);

        final String name;
        final String dated;
        final boolean expiry;

        Table(String name, String dated, boolean expiry) {
            this.name = name;
            this.dated = dated;
            this.expiry = expiry;
        }
    }

    private final JdbcClient jdbc;
    private final RouterSettings.Retention settings;
    private final Clock clock;
    private final Map<Table, Counter> deleted;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("retention").factory());

    public Retention(JdbcClient jdbc, RouterSettings.Retention settings, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        this.deleted = Map.of(
                Table.COMPLETIONS, counter(meters, "completions"),
                Table.RESPONSE_CACHE, counter(meters, "response_cache"));
    }

    /** Sweeps every {@code interval}, the first time one interval after start; nothing when disabled. */
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        long every = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** One sweep of both tables; answers the rows deleted. */
    public long sweep() {
        Instant now = clock.instant();
        return deleteBefore(Table.COMPLETIONS, now.minus(settings.completions()))
                + deleteBefore(Table.RESPONSE_CACHE, now);
    }

    private long deleteBefore(Table table, Instant cutoff) {
        long total = 0;
        int batch;
        do {
            batch = jdbc.sql("DELETE FROM " + table.name + " WHERE ctid IN (SELECT ctid FROM " + table.name + " WHERE "
                            + table.dated + " < :cutoff LIMIT :batch FOR UPDATE SKIP LOCKED)")
                    .param("cutoff", Timestamp.from(cutoff))
                    .param("batch", settings.batchSize())
                    .update();
            total += batch;
            deleted.get(table).increment(batch);
        } while (batch == settings.batchSize());
        if (total > 0) {
            log.info(
                    "Retention deleted {} rows of {} {} {}",
                    total,
                    table.name,
                    table.expiry ? "expired before" : "older than",
                    cutoff);
        }
        return total;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Retention sweep failed; trying again in {}: {}", settings.interval(), e.toString());
        }
    }

    private static Counter counter(MeterRegistry meters, String table) {
        return Counter.builder("conveyor.retention.deleted")
                .description("Rows deleted by retention")
                .tag("table", table)
                .register(meters);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
