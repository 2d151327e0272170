package dev.conveyor.api.jobs;

import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Job state in the {@code intake} schema. */
@Repository
public class JobStore {

    private static final String QUEUED = """
            INSERT INTO intake.jobs (job_id, tenant_id, batch_id, task_type, status, custom_id, batch_line,
                request_hash, submitted_at)
            VALUES (:jobId, :tenantId, :batchId, :taskType, 'queued', :customId, :batchLine, :requestHash, :submittedAt)
            ON CONFLICT (tenant_id, job_id) DO UPDATE SET submitted_at = EXCLUDED.submitted_at, task_type = EXCLUDED.task_type,
                custom_id = EXCLUDED.custom_id, batch_line = EXCLUDED.batch_line,
                request_hash = EXCLUDED.request_hash
            """;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batchJdbc;

    JobStore(JdbcClient jdbc, NamedParameterJdbcTemplate batchJdbc) {
        this.jdbc = jdbc;
        this.batchJdbc = batchJdbc;
    }

    /** Records an acknowledged job; a result that raced ahead of this insert is kept. */
    public void queued(QueuedJob job) {
        queuedAll(List.of(job));
    }

    /** {@link #queued} for many jobs in one round trip. */
    public void queuedAll(List<QueuedJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        batchJdbc.batchUpdate(QUEUED, jobs.stream().map(JobStore::params).toArray(SqlParameterSource[]::new));
    }

    /** Stores a final result; the same result delivered twice leaves the same row. */
    public void finished(CompletionResult r) {
        jdbc.sql("""
                        INSERT INTO intake.jobs (job_id, tenant_id, batch_id, status, content, finish_reason, provider,
                            model, input_tokens, output_tokens, cached_input_tokens, cost_usd, latency_ms, attempts,
                            cache_hit, fallbacks, error_type, error_message, completed_at)
                        VALUES (:jobId, :tenantId, :batchId, :status, :content, :finishReason, :provider, :model,
                            :input, :output, :cached, :cost, :latency, :attempts, :cacheHit, :fallbacks, :errorType,
                            :errorMessage, :completedAt)
                        ON CONFLICT (tenant_id, job_id) DO UPDATE SET status = EXCLUDED.status, content = EXCLUDED.content,
                            finish_reason = EXCLUDED.finish_reason, provider = EXCLUDED.provider,
                            model = EXCLUDED.model, input_tokens = EXCLUDED.input_tokens,
                            output_tokens = EXCLUDED.output_tokens, cached_input_tokens = EXCLUDED.cached_input_tokens,
                            cost_usd = EXCLUDED.cost_usd, latency_ms = EXCLUDED.latency_ms,
                            attempts = EXCLUDED.attempts, cache_hit = EXCLUDED.cache_hit,
                            fallbacks = EXCLUDED.fallbacks, error_type = EXCLUDED.error_type,
                            error_message = EXCLUDED.error_message, completed_at = EXCLUDED.completed_at
                        """)
                .param("jobId", r.getJobId())
                .param("tenantId", r.getTenantId())
                .param("batchId", r.getBatchId())
                .param("status", r.getStatus().name().toLowerCase(Locale.ROOT))
                .param("content", r.getContent())
                .param("finishReason", r.getFinishReason())
                .param("provider", r.getProvider())
                .param("model", r.getModel())
                .param("input", r.getUsage().getInputTokens())
                .param("output", r.getUsage().getOutputTokens())
                .param("cached", r.getUsage().getCachedInputTokens())
                .param("cost", r.getCostUsd())
                .param("latency", r.getLatencyMs())
                .param("attempts", attempts(r))
                .param("cacheHit", r.getCacheHit())
                .param("fallbacks", fallbacks(r))
                .param("errorType", r.getErrorType())
                .param("errorMessage", r.getErrorMessage())
                .param("completedAt", Timestamp.from(r.getCompletedAt()))
                .update();
    }

    /**
     * Provider calls made: the failed ones are in the history (a model skipped for its open circuit
     * is there too, but was not called), the call that answered is not; a cache hit made none.
     */
    static int attempts(CompletionResult r) {
        long failed = r.getAttempts().stream()
                .filter(a -> !"CIRCUIT_OPEN".equals(a.getErrorType()))
                .count();
        boolean answered = r.getStatus() == JobStatus.SUCCEEDED && !r.getCacheHit();
        return (int) failed + (answered ? 1 : 0);
    }

    /**
     * How often the job moved on to another model: the distinct models it tried (a model skipped for
     * its open circuit included) and the one that answered, less one.
     */
    static int fallbacks(CompletionResult r) {
        java.util.Set<String> models = new java.util.HashSet<>();
        r.getAttempts().forEach(a -> models.add(a.getProvider() + "/" + a.getModel()));
        if (r.getProvider() != null) {
            models.add(r.getProvider() + "/" + r.getModel());
        }
        return Math.max(0, models.size() - 1);
    }

    /**
     * What the tenant submitted under a job id (its request hash, null for a job a pipeline
     * produced); ids are the tenant's own, so another tenant's use of the same id is not seen.
     */
    public record Earlier(String requestHash) {}

    public Optional<Earlier> earlier(String tenantId, String jobId) {
        return jdbc.sql("SELECT request_hash FROM intake.jobs WHERE tenant_id = :tenantId AND job_id = :jobId")
                .param("tenantId", tenantId)
                .param("jobId", jobId)
                .query((rs, row) -> new Earlier(rs.getString("request_hash")))
                .optional();
    }

    /** The tenant's job; another tenant's job is not found. */
    public Optional<JobView> find(String tenantId, String jobId) {
        return jdbc.sql("SELECT * FROM intake.jobs WHERE job_id = :jobId AND tenant_id = :tenantId")
                .param("jobId", jobId)
                .param("tenantId", tenantId)
                .query(JobStore::view)
                .optional();
    }

    /**
     * The tenant's jobs, newest first, after the job {@code afterJobId} of an earlier page (null for
     * the first page), optionally only those with {@code status} or of one batch.
     */
    public List<JobView> page(String tenantId, String afterJobId, String status, String batchId, int limit) {
        return jdbc.sql("""
                        SELECT * FROM intake.jobs j WHERE tenant_id = :tenantId AND submitted_at IS NOT NULL
                        AND (CAST(:status AS text) IS NULL OR status = :status)
                        AND (CAST(:batchId AS text) IS NULL OR batch_id = :batchId)
                        AND (CAST(:after AS text) IS NULL OR (submitted_at, job_id) < (
                            SELECT a.submitted_at, a.job_id FROM intake.jobs a
                            WHERE a.job_id = :after AND a.tenant_id = :tenantId))
                        ORDER BY submitted_at DESC, job_id DESC LIMIT :limit
                        """)
                .param("tenantId", tenantId)
                .param("status", status)
                .param("batchId", batchId)
                .param("after", afterJobId)
                .param("limit", limit)
                .query(JobStore::view)
                .list();
    }

    /** One job of a batch and its line in the batch file. */
    public record BatchJob(int line, JobView job) {}

    /** A batch's jobs after {@code afterLine}, in line order. */
    public List<BatchJob> batchPage(String tenantId, String batchId, int afterLine, int limit) {
        return jdbc.sql("""
                        SELECT * FROM intake.jobs
                        WHERE tenant_id = :tenantId AND batch_id = :batchId AND batch_line > :afterLine
                        ORDER BY batch_line LIMIT :limit
                        """)
                .param("tenantId", tenantId)
                .param("batchId", batchId)
                .param("afterLine", afterLine)
                .param("limit", limit)
                .query((rs, row) -> new BatchJob(rs.getInt("batch_line"), view(rs, row)))
                .list();
    }

    private static SqlParameterSource params(QueuedJob job) {
        return new MapSqlParameterSource()
                .addValue("jobId", job.jobId())
                .addValue("tenantId", job.tenantId())
                .addValue("batchId", job.batchId())
                .addValue("taskType", job.taskType())
                .addValue("customId", job.customId())
                .addValue("batchLine", job.batchLine())
                .addValue("requestHash", job.requestHash())
                .addValue("submittedAt", Timestamp.from(job.submittedAt()));
    }

    private static String plain(java.math.BigDecimal usd) {
        return usd == null ? null : usd.stripTrailingZeros().toPlainString();
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
                rs.getString("custom_id"),
                rs.getString("task_type"),
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
                plain(rs.getBigDecimal("cost_usd")),
                (Long) rs.getObject("latency_ms"),
                rs.getInt("attempts"),
                rs.getBoolean("cache_hit"),
                rs.getInt("fallbacks"),
                errorType == null ? null : new JobView.Error(errorType, rs.getString("error_message")),
                submitted == null ? null : submitted.toInstant(),
                completed == null ? null : completed.toInstant());
    }
}
