package dev.conveyor.api.batch;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Batches in {@code intake.batches}; their progress is counted from their jobs' rows. */
@Repository
class BatchStore {

    private final JdbcClient jdbc;

    BatchStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Batch(String id, String tenantId, int total, String requestHash, Instant createdAt) {}

    record Progress(
            int succeeded,
            int failed,
            BigDecimal costUsd,
            long inputTokens,
            long outputTokens,
            Instant lastCompletedAt) {}

    /** Records an accepted batch; a second insert of the same id (a concurrent retry) changes nothing. */
    void insert(Batch batch) {
        jdbc.sql("""
                        INSERT INTO intake.batches (batch_id, tenant_id, total, request_hash, created_at)
                        VALUES (:id, :tenantId, :total, :hash, :createdAt)
                        ON CONFLICT (tenant_id, batch_id) DO NOTHING
                        """)
                .param("id", batch.id())
                .param("tenantId", batch.tenantId())
                .param("total", batch.total())
                .param("hash", batch.requestHash())
                .param("createdAt", Timestamp.from(batch.createdAt()))
                .update();
    }

    /** The tenant's batch; another tenant's batch is not found. */
    Optional<Batch> find(String tenantId, String batchId) {
        return jdbc.sql("SELECT * FROM intake.batches WHERE batch_id = :id AND tenant_id = :tenantId")
                .param("id", batchId)
                .param("tenantId", tenantId)
                .query(BatchStore::batch)
                .optional();
    }

    List<Batch> latest(String tenantId, int limit) {
        return jdbc.sql("""
                        SELECT * FROM intake.batches WHERE tenant_id = :tenantId
                        ORDER BY created_at DESC, batch_id LIMIT :limit
                        """)
                .param("tenantId", tenantId)
                .param("limit", limit)
                .query(BatchStore::batch)
                .list();
    }

    Progress progress(Batch batch) {
        return jdbc.sql("""
                        SELECT COUNT(*) FILTER (WHERE status = 'succeeded') AS succeeded,
                               COUNT(*) FILTER (WHERE status = 'failed') AS failed,
                               COALESCE(SUM(cost_usd), 0) AS cost_usd,
                               COALESCE(SUM(input_tokens), 0) AS input_tokens,
                               COALESCE(SUM(output_tokens), 0) AS output_tokens,
                               MAX(completed_at) AS last_completed_at
                        FROM intake.jobs WHERE batch_id = :id AND tenant_id = :tenantId
                        """)
                .param("id", batch.id())
                .param("tenantId", batch.tenantId())
                .query((rs, row) -> {
                    Timestamp last = rs.getTimestamp("last_completed_at");
                    return new Progress(
                            rs.getInt("succeeded"),
                            rs.getInt("failed"),
                            rs.getBigDecimal("cost_usd"),
                            rs.getLong("input_tokens"),
                            rs.getLong("output_tokens"),
                            last == null ? null : last.toInstant());
                })
                .single();
    }

    private static Batch batch(ResultSet rs, int row) throws SQLException {
        return new Batch(
                rs.getString("batch_id"),
                rs.getString("tenant_id"),
                rs.getInt("total"),
                rs.getString("request_hash"),
                rs.getTimestamp("created_at").toInstant());
    }
}
