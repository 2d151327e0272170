package dev.conveyor.router.deferral;

import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.EventIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deferred jobs and provider batches in PostgreSQL ({@code routing.deferred_jobs}, {@code
 * routing.provider_batches}). A job is stored before its record's offset is committed; a batch is
 * claimed, submitted, polled and collected under a lease row, so one worker at a time acts on it
 * and another takes over when that one dies. Times that leases compare are the database's.
 */
public final class DeferredJobs {

    private static final SpecificDatumWriter<CompletionRequest> WRITER =
            new SpecificDatumWriter<>(CompletionRequest.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public DeferredJobs(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** A deferred job as stored, {@code id} its row's. */
    public record Deferred(long id, CompletionRequest job, String lane, String provider, String model) {

        /**
         * Its request's {@code custom_id} in the provider batch: the id of its usage event ({@code
         * batch:} before the provider), so the provider's records and the ledger name the call alike.
         */
        public String customId() {
            return EventIds.forCall(job, job.getAttempts().size(), "batch:" + provider, model);
        }
    }

    /** Jobs of one lane's topic waiting for a provider batch of one provider and model. */
    public record Waiting(String topic, String provider, String model, int jobs, long bytes, Instant oldest) {}

    /** A provider batch as stored. */
    public record Batch(
            String id,
            String provider,
            String model,
            String state,
            String providerBatchId,
            int requests,
            Instant createdAt,
            Instant submittedAt) {

        public boolean submitted() {
            return "SUBMITTED".equals(state);
        }
    }

    /**
     * Keeps the job until a provider batch answers it; false when it is kept already (a second
     * delivery of the job: it is answered once, from the first).
     */
    public boolean defer(
            CompletionRequest job, String lane, String topic, String provider, String model, int lineBytes) {
        return jdbc.sql("""
                        INSERT INTO routing.deferred_jobs
                            (tenant_id, job_id, api_batch_id, lane, topic, provider, model, request, line_bytes, deadline)
                        VALUES (:tenant, :job, :apiBatch, :lane, :topic, :provider, :model, :request, :bytes, :deadline)
                        ON CONFLICT (tenant_id, job_id) DO NOTHING
                        """)
                        .param("tenant", job.getTenantId())
                        .param("job", job.getJobId())
                        .param("apiBatch", job.getBatchId())
                        .param("lane", lane)
                        .param("topic", topic)
                        .param("provider", provider)
                        .param("model", model)
                        .param("request", encode(job))
                        .param("bytes", lineBytes)
                        .param("deadline", job.getDeadline() == null ? null : Timestamp.from(job.getDeadline()))
                        .update()
                == 1;
    }

    /** Whether the tenant's job is kept for a provider batch. */
    public boolean isDeferred(String tenantId, String jobId) {
        return jdbc.sql("SELECT 1 FROM routing.deferred_jobs WHERE tenant_id = :tenant AND job_id = :job")
                .param("tenant", tenantId)
                .param("job", jobId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** The jobs of these lane topics not yet in a provider batch, by topic, provider and model. */
    public List<Waiting> waiting(List<String> topics) {
        return jdbc.sql("""
                        SELECT topic, provider, model, count(*) AS jobs, sum(line_bytes) AS bytes, min(deferred_at) AS oldest
                        FROM routing.deferred_jobs WHERE provider_batch IS NULL AND topic = ANY(:topics)
                        GROUP BY topic, provider, model
                        """)
                .param("topics", topics.toArray(String[]::new))
                .query((rs, n) -> new Waiting(
                        rs.getString("topic"),
                        rs.getString("provider"),
                        rs.getString("model"),
                        rs.getInt("jobs"),
                        rs.getLong("bytes"),
                        rs.getTimestamp("oldest").toInstant()))
                .list();
    }

    /**
     * Puts the oldest waiting jobs of this provider and model, up to the limits, into a new provider
     * batch owned by {@code owner} for {@code lease}, in one transaction: jobs another worker is
     * claiming at the same moment are skipped, never claimed twice. Empty when there were none.
     */
    public Optional<Batch> claim(Waiting group, int maxRequests, long maxBytes, String owner, Duration lease) {
        return transactions.execute(status -> {
            List<long[]> rows = jdbc.sql("""
                            SELECT id, line_bytes FROM routing.deferred_jobs
                            WHERE provider_batch IS NULL AND topic = :topic AND provider = :provider AND model = :model
                            ORDER BY id LIMIT :max FOR UPDATE SKIP LOCKED
                            """)
                    .param("topic", group.topic())
                    .param("provider", group.provider())
                    .param("model", group.model())
                    .param("max", maxRequests)
                    .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .list();
            List<Long> ids = new ArrayList<>();
            long bytes = 0;
            for (long[] row : rows) {
                if (!ids.isEmpty() && bytes + row[1] > maxBytes) {
                    break;
                }
                ids.add(row[0]);
                bytes += row[1];
            }
            if (ids.isEmpty()) {
                return Optional.<Batch>empty();
            }
            String id = "cvb_" + UUID.randomUUID().toString().replace("-", "");
            Batch batch = jdbc.sql("""
                            INSERT INTO routing.provider_batches
                                (id, topic, provider, model, state, requests, bytes, lease_owner, lease_until)
                            VALUES (:id, :topic, :provider, :model, 'SUBMITTING', :requests, :bytes, :owner,
                                    now() + :lease * interval '1 millisecond')
                            RETURNING *
                            """)
                    .param("id", id)
                    .param("topic", group.topic())
                    .param("provider", group.provider())
                    .param("model", group.model())
                    .param("requests", ids.size())
                    .param("bytes", bytes)
                    .param("owner", owner)
                    .param("lease", lease.toMillis())
                    .query(DeferredJobs::batch)
                    .single();
            jdbc.sql("UPDATE routing.deferred_jobs SET provider_batch = :batch WHERE id = ANY(:ids)")
                    .param("batch", id)
                    .param("ids", ids.toArray(Long[]::new))
                    .update();
            return Optional.of(batch);
        });
    }

    /** The jobs of a provider batch not yet finished. */
    public List<Deferred> jobsOf(String batchId) {
        return jdbc.sql("""
                        SELECT id, request, lane, provider, model FROM routing.deferred_jobs
                        WHERE provider_batch = :batch ORDER BY id
                        """)
                .param("batch", batchId)
                .query((rs, n) -> new Deferred(
                        rs.getLong("id"),
                        decode(rs.getBytes("request")),
                        rs.getString("lane"),
                        rs.getString("provider"),
                        rs.getString("model")))
                .list();
    }

    /** Records the provider's id of a batch it accepted, and gives up the lease. */
    public void submitted(String batchId, String providerBatchId) {
        jdbc.sql("""
                        UPDATE routing.provider_batches
                        SET state = 'SUBMITTED', provider_batch_id = :providerId, submitted_at = now(),
                            lease_owner = NULL, lease_until = now()
                        WHERE id = :id
                        """).param("providerId", providerBatchId).param("id", batchId).update();
    }

    /**
     * Provider batches of these lane topics that some worker should act on now: a submission whose
     * worker's lease ran out, or a submitted batch not asked about for {@code pollInterval} whose
     * lease is free.
     */
    public List<Batch> due(List<String> topics, Duration pollInterval) {
        return jdbc.sql("""
                        SELECT * FROM routing.provider_batches
                        WHERE lease_until < now() AND topic = ANY(:topics)
                          AND (state = 'SUBMITTING'
                               OR polled_at IS NULL
                               OR polled_at < now() - :poll * interval '1 millisecond')
                        ORDER BY created_at LIMIT 100
                        """)
                .param("topics", topics.toArray(String[]::new))
                .param("poll", pollInterval.toMillis())
                .query(DeferredJobs::batch)
                .list();
    }

    /** Takes the batch for {@code lease} if its lease is free; false when another worker holds it. */
    public boolean lease(String batchId, String owner, Duration lease) {
        return jdbc.sql("""
                        UPDATE routing.provider_batches
                        SET lease_owner = :owner, lease_until = now() + :lease * interval '1 millisecond'
                        WHERE id = :id AND (lease_until < now() OR lease_owner = :owner)
                        """)
                        .param("owner", owner)
                        .param("lease", lease.toMillis())
                        .param("id", batchId)
                        .update()
                == 1;
    }

    /** Records what the provider said of a batch still running, and gives up the lease. */
    public void polled(String batchId, String providerStatus) {
        jdbc.sql("""
                        UPDATE routing.provider_batches
                        SET polled_at = now(), provider_status = :status, lease_owner = NULL, lease_until = now()
                        WHERE id = :id
                        """).param("status", providerStatus).param("id", batchId).update();
    }

    /** These jobs' outcomes are published: they are no longer deferred. */
    public void finished(List<Long> jobRowIds) {
        jdbc.sql("DELETE FROM routing.deferred_jobs WHERE id = ANY(:ids)")
                .param("ids", jobRowIds.toArray(Long[]::new))
                .update();
    }

    /** A batch whose every job is finished goes. */
    public void ended(String batchId) {
        jdbc.sql("""
                        DELETE FROM routing.provider_batches b WHERE id = :id
                          AND NOT EXISTS (SELECT 1 FROM routing.deferred_jobs j WHERE j.provider_batch = b.id)
                        """).param("id", batchId).update();
    }

    /** How many provider batches are open, and when the oldest job still deferred was deferred. */
    public record Gauges(int openBatches, Optional<Instant> oldest) {}

    public Gauges gauges(List<String> topics) {
        String[] scope = topics.toArray(String[]::new);
        int open = jdbc.sql("SELECT count(*) FROM routing.provider_batches WHERE topic = ANY(:topics)")
                .param("topics", scope)
                .query(Integer.class)
                .single();
        Optional<Instant> oldest = jdbc.sql(
                        "SELECT min(deferred_at) FROM routing.deferred_jobs WHERE topic = ANY(:topics)")
                .param("topics", scope)
                .query((rs, n) -> rs.getTimestamp(1))
                .optional()
                .map(t -> t == null ? null : t.toInstant());
        return new Gauges(open, oldest);
    }

    private static Batch batch(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp submitted = rs.getTimestamp("submitted_at");
        return new Batch(
                rs.getString("id"),
                rs.getString("provider"),
                rs.getString("model"),
                rs.getString("state"),
                rs.getString("provider_batch_id"),
                rs.getInt("requests"),
                rs.getTimestamp("created_at").toInstant(),
                submitted == null ? null : submitted.toInstant());
    }

    static byte[] encode(CompletionRequest job) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            var encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            WRITER.write(job, encoder);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode deferred job " + job.getJobId(), e);
        }
    }

    static CompletionRequest decode(byte[] bytes) {
        try {
            return new SpecificDatumReader<>(CompletionRequest.class)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable deferred job", e);
        }
    }
}
