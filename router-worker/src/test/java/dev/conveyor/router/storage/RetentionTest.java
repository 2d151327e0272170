package dev.conveyor.router.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.RoutingDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Retention on the real PostgreSQL: rows past their retention go, in batches; live rows stay. */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final JdbcClient jdbc = RoutingDatabase.jdbc();
    private final String tenant = "retention-" + UUID.randomUUID();

    @Test
    void completionRecordsPastTheirRetentionAndExpiredCacheRowsGoWhileLiveOnesStay() {
        completion("old-1", NOW.minus(Duration.ofDays(9)));
        completion("old-2", NOW.minus(Duration.ofDays(8)).minusSeconds(1));
        completion("young", NOW.minus(Duration.ofDays(7)));
        cacheRow("expired", NOW.minusSeconds(1));
        cacheRow("live", NOW.plus(Duration.ofDays(1)));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        new Retention(jdbc, settings(1), CLOCK, meters).sweep();

        assertThat(completions()).containsExactly("young");
        assertThat(cacheKeys()).containsExactly("live");
        assertThat(meters.get("conveyor.retention.deleted")
                        .tag("table", "completions")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void manyRowsGoInBatchesAndWorkersSweepingAtOnceDeleteEachRowOnce() throws Exception {
        for (int i = 0; i < 250; i++) {
            completion("old-" + i, NOW.minus(Duration.ofDays(30)));
        }
        completion("young", NOW);
        List<Retention> workers = List.of(
                new Retention(jdbc, settings(20), CLOCK, new SimpleMeterRegistry()),
                new Retention(jdbc, settings(20), CLOCK, new SimpleMeterRegistry()),
                new Retention(jdbc, settings(20), CLOCK, new SimpleMeterRegistry()));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> sweeps =
                    workers.stream().map(w -> pool.submit(w::sweep)).toList();
            for (Future<Long> sweep : sweeps) {
                sweep.get();
            }
        }

        assertThat(completions()).containsExactly("young");
    }

    @Test
    void disabledRetentionNeverSweeps() {
        completion("old", NOW.minus(Duration.ofDays(30)));
        RouterSettings.Retention off =
                new RouterSettings.Retention(false, Duration.ofDays(8), Duration.ofMillis(10), 10);
        try (Retention retention = new Retention(jdbc, off, CLOCK, new SimpleMeterRegistry())) {
            retention.start();
            // twenty intervals and more: the row is still there throughout
            await().during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> completions().equals(List.of("old")));
        }
    }

    private static RouterSettings.Retention settings(int batchSize) {
        return new RouterSettings.Retention(true, Duration.ofDays(8), Duration.ofMinutes(10), batchSize);
    }

    private void completion(String jobId, Instant completedAt) {
        jdbc.sql("""
                        INSERT INTO routing.completions (job_id, tenant_id, status, dead_letter, result, usage, completed_at)
                        VALUES (:job, :tenant, 'SUCCEEDED', false, '\\x00'::bytea, '\\x00'::bytea, :at)
                        """)
                .param("job", jobId)
                .param("tenant", tenant)
                .param("at", Timestamp.from(completedAt))
                .update();
    }

    private void cacheRow(String key, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO routing.response_cache (tenant_id, cache_key, content, finish_reason, created_at, expires_at)
                        VALUES (:tenant, :key, 'answer', 'stop', :created, :expires)
                        """)
                .param("tenant", tenant)
                .param("key", key)
                .param("created", Timestamp.from(NOW.minus(Duration.ofDays(2))))
                .param("expires", Timestamp.from(expiresAt))
                .update();
    }

    private List<String> completions() {
        return jdbc.sql("SELECT job_id FROM routing.completions WHERE tenant_id = :tenant ORDER BY job_id")
                .param("tenant", tenant)
                .query(String.class)
                .list();
    }

    private List<String> cacheKeys() {
        return jdbc.sql("SELECT cache_key FROM routing.response_cache WHERE tenant_id = :tenant ORDER BY cache_key")
                .param("tenant", tenant)
                .query(String.class)
                .list();
    }
}
