package dev.conveyor.api.storage;

import dev.conveyor.api.ApiSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes intake state past its retention ({@code conveyor.api.retention}): a job that is not part
 * of a batch once it finished longer ago than {@code jobs}; a batch, with all its jobs, once it was
 * created and every one of its jobs finished longer ago than that. A queued job, and a batch with
 * one, is never deleted. Rows go in batches locked with {@code SKIP LOCKED}, so instances sweep at
 * once without waiting on each other; a failed sweep is tried again at the next interval.
 */
public final class Retention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ApiSettings.Retention settings;
    private final Clock clock;
    private final Counter jobsDeleted;
    private final Counter batchesDeleted;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("retention").factory());

    public Retention(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ApiSettings.Retention settings,
            Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.jobsDeleted = counter(meters, "jobs");
        this.batchesDeleted = counter(meters, "batches");
    }

    /** Sweeps every {@code interval}, the first time one interval after start; nothing when disabled. */
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        long every = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** One sweep; answers the rows deleted (jobs and batches). */
    public long sweep() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(settings.jobs()));
        long jobs = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM intake.jobs WHERE ctid IN (
                                SELECT ctid FROM intake.jobs
                                WHERE batch_id IS NULL AND status <> 'queued' AND completed_at < :cutoff
                                LIMIT :batch FOR UPDATE SKIP LOCKED)
                            """)
                    .param("cutoff", cutoff)
                    .param("batch", settings.batchSize())
                    .update();
            jobs += deleted;
            jobsDeleted.increment(deleted);
        } while (deleted == settings.batchSize());
        long batches = 0;
        int[] swept;
        do {
            swept = transactions.execute(status -> sweepBatches(cutoff));
            batches += swept[0];
            jobs += swept[1];
        } while (swept[0] == settings.batchSize());
        if (jobs + batches > 0) {
            log.info("Retention deleted {} jobs and {} batches finished before {}", jobs, batches, cutoff.toInstant());
        }
        return jobs + batches;
    }

    /** Up to batch-size batches past retention, with their jobs, in one transaction: {batches, jobs}. */
    private int[] sweepBatches(Timestamp cutoff) {
        record Batch(String tenant, String id) {}
        List<Batch> due = jdbc.sql("""
                        SELECT b.tenant_id, b.batch_id FROM intake.batches b
                        WHERE b.created_at < :cutoff
                          AND NOT EXISTS (SELECT 1 FROM intake.jobs j
                                          WHERE j.tenant_id = b.tenant_id AND j.batch_id = b.batch_id
                                            AND (j.status = 'queued' OR j.completed_at >= :cutoff))
                        LIMIT :batch FOR UPDATE SKIP LOCKED
                        """)
                .param("cutoff", cutoff)
                .param("batch", settings.batchSize())
                .query((rs, row) -> new Batch(rs.getString(1), rs.getString(2)))
                .list();
        if (due.isEmpty()) {
            return new int[] {0, 0};
        }
        String[] tenants = due.stream().map(Batch::tenant).toArray(String[]::new);
        String[] ids = due.stream().map(Batch::id).toArray(String[]::new);
        int jobs = jdbc.sql("""
                        DELETE FROM intake.jobs j USING unnest(:tenants::text[], :ids::text[]) AS d (tenant_id, batch_id)
                        WHERE j.tenant_id = d.tenant_id AND j.batch_id = d.batch_id
                        """).param("tenants", tenants).param("ids", ids).update();
        int batches = jdbc.sql("""
                        DELETE FROM intake.batches b USING unnest(:tenants::text[], :ids::text[]) AS d (tenant_id, batch_id)
                        WHERE b.tenant_id = d.tenant_id AND b.batch_id = d.batch_id
                        """).param("tenants", tenants).param("ids", ids).update();
        jobsDeleted.increment(jobs);
        batchesDeleted.increment(batches);
        return new int[] {batches, jobs};
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
