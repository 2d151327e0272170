package dev.conveyor.api.jobs;

import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Job state in the {@code intake} schema. */
@Repository
public class JobStore {

    private final JdbcClient jdbc;

    JobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an acknowledged job; a result that raced ahead of this insert is kept. */
    public void queued(CompletionRequest job) {
        jdbc.sql("""
                        INSERT INTO intake.jobs (job_id, tenant_id, batch_id, task_type, status, submitted_at)
                        VALUES (:jobId, :tenantId, :batchId, :taskType, 'queued', :submittedAt)
                        ON CONFLICT (job_id) DO UPDATE SET submitted_at = EXCLUDED.submitted_at,
                            task_type = EXCLUDED.task_type
                        """)
                .param("jobId", job.getJobId())
                .param("tenantId", job.getTenantId())
                .param("batchId", job.getBatchId())
                .param("taskType", job.getTaskType())
                .param("submittedAt", Timestamp.from(job.getSubmittedAt()))
                .update();
    }

    /** Stores a final result; the same result delivered twice leaves the same row. */
    public void finished(CompletionResult r) {
        jdbc.sql("""
                        INSERT INTO intake.jobs (job_id, tenant_id, batch_id, status, content, finish_reason, provider,
                            model, input_tokens, output_tokens, cached_input_tokens, cost_usd, latency_ms, attempts,
                            error_type, error_message, completed_at)
                        VALUES (:jobId, :tenantId, :batchId, :status, :content, :finishReason, :provider, :model,
                            :input, :output, :cached, :cost, :latency, :attempts, :errorType, :errorMessage, :completedAt)
                        ON CONFLICT (job_id) DO UPDATE SET status = EXCLUDED.status, content = EXCLUDED.content,
                            finish_reason = EXCLUDED.finish_reason, provider = EXCLUDED.provider,
                            model = EXCLUDED.model, input_tokens = EXCLUDED.input_tokens,
                            output_tokens = EXCLUDED.output_tokens, cached_input_tokens = EXCLUDED.cached_input_tokens,
                            cost_usd = EXCLUDED.cost_usd, latency_ms = EXCLUDED.latency_ms,
                            attempts = EXCLUDED.attempts, error_type = EXCLUDED.error_type,
                            error_message = EXCLUDED.error_message, completed_at = EXCLUDED.completed_at
                        """)
                .param("jobId", r.getJobId())
                .param("tenantId", r.getTenantId())
                .param("batchId", r.getBatchId())
                .param("status", r.getStatus().name().toLowerCase(java.util.Locale.ROOT))
                .param("content", r.getContent())
                .param("finishReason", r.getFinishReason())
                .param("provider", r.getProvider())
                .param("model", r.getModel())
                .param("input", r.getUsage().getInputTokens())
                .param("output", r.getUsage().getOutputTokens())
                .param("cached", r.getUsage().getCachedInputTokens())
                .param("cost", r.getCostUsd())
                .param("latency", r.getLatencyMs())
                .param("attempts", r.getAttempts().size() + 1)
                .param("errorType", r.getErrorType())
                .param("errorMessage", r.getErrorMessage())
                .param("completedAt", Timestamp.from(r.getCompletedAt()))
                .update();
    }

    public Optional<JobView> find(String jobId) {
        return jdbc.sql("SELECT * FROM intake.jobs WHERE job_id = :jobId")
                .param("jobId", jobId)
                .query(JobStore::view)
                .optional();
    }

    private static JobView view(ResultSet rs, int row) throws SQLException {
        boolean hasUsage = rs.getObject("input_tokens") != null;
        String errorType = rs.getString("error_type");
        Timestamp submitted = rs.getTimestamp("submitted_at");
        Timestamp completed = rs.getTimestamp("completed_at");
        return new JobView(
                rs.getString("job_id"),
                rs.getString("tenant_id"),
                rs.getString("batch_id"),
                rs.getString("status"),
                rs.getString("content"),
                rs.getString("finish_reason"),
                rs.getString("provider"),
                rs.getString("model"),
                hasUsage
                        ? new JobView.Usage(
                                rs.getLong("input_tokens"),
                                rs.getLong("output_tokens"),
                                rs.getLong("cached_input_tokens"))
                        : null,
                rs.getBigDecimal("cost_usd"),
                (Long) rs.getObject("latency_ms"),
                rs.getInt("attempts"),
                errorType == null ? null : new JobView.Error(errorType, rs.getString("error_message")),
                submitted == null ? null : submitted.toInstant(),
                completed == null ? null : completed.toInstant());
    }
}
