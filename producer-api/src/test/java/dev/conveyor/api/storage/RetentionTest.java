package dev.conveyor.api.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.ApiTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Intake retention on the real PostgreSQL: finished state past retention goes; queued and young state stays. */
class RetentionTest extends ApiTest {

    private static final Instant NOW = Instant.now();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private final String tenant = "retention-" + UUID.randomUUID();

    @Test
    void finishedJobsAndBatchesPastRetentionGoAndEverythingElseStays() {
        Instant old = NOW.minus(Duration.ofDays(31));
        job("old-done", null, "succeeded", old);
        job("old-failed", null, "failed", old);
        job("old-queued", null, "queued", null);
        job("young-done", null, "succeeded", NOW.minus(Duration.ofDays(29)));
        batch("b-old", old.minus(Duration.ofHours(1)));
        job("b-old-1", "b-old", "succeeded", old);
        job("b-old-2", "b-old", "failed", old);
        batch("b-waiting", old.minus(Duration.ofHours(1)));
        job("b-waiting-1", "b-waiting", "succeeded", old);
        job("b-waiting-2", "b-waiting", "queued", null);
        batch("b-recent", old.minus(Duration.ofHours(1)));
        job("b-recent-1", "b-recent", "succeeded", old);
        job("b-recent-2", "b-recent", "succeeded", NOW.minus(Duration.ofDays(1)));

        new Retention(jdbc, transactions, settings(1), Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry())
                .sweep();

        assertThat(jobs())
                .containsExactly("b-recent-1", "b-recent-2", "b-waiting-1", "b-waiting-2", "old-queued", "young-done");
        assertThat(batches()).containsExactly("b-recent", "b-waiting");
    }

    private static ApiSettings.Retention settings(int batchSize) {
        return new ApiSettings.Retention(true, Duration.ofDays(30), Duration.ofMinutes(10), batchSize);
    }

    private void job(String id, String batch, String status, Instant completed) {
        jdbc.sql("""
                        INSERT INTO intake.jobs (job_id, tenant_id, batch_id, status, submitted_at, completed_at)
                        VALUES (:id, :tenant, :batch, :status, :submitted, :completed)
                        """)
                .param("id", tenant + "/" + id)
                .param("tenant", tenant)
                .param("batch", batch == null ? null : tenant + "/" + batch)
                .param("status", status)
                .param("submitted", Timestamp.from(NOW.minus(Duration.ofDays(40))))
                .param("completed", completed == null ? null : Timestamp.from(completed))
                .update();
    }

    private void batch(String id, Instant created) {
        jdbc.sql("""
                        INSERT INTO intake.batches (batch_id, tenant_id, total, request_hash, created_at)
                        VALUES (:id, :tenant, 2, 'hash', :created)
                        """)
                .param("id", tenant + "/" + id)
                .param("tenant", tenant)
                .param("created", Timestamp.from(created))
                .update();
    }

    private List<String> jobs() {
        return jdbc
                .sql("SELECT job_id FROM intake.jobs WHERE tenant_id = :tenant ORDER BY job_id")
                .param("tenant", tenant)
                .query(String.class)
                .list()
                .stream()
                .map(id -> id.substring(tenant.length() + 1))
                .toList();
    }

    private List<String> batches() {
        return jdbc
                .sql("SELECT batch_id FROM intake.batches WHERE tenant_id = :tenant ORDER BY batch_id")
                .param("tenant", tenant)
                .query(String.class)
                .list()
                .stream()
                .map(id -> id.substring(tenant.length() + 1))
                .toList();
    }
}
