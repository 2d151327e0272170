package dev.conveyor.api.batch;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.errors.IdempotencyKeyReused;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.errors.PayloadTooLarge;
import dev.conveyor.api.intake.IdempotencyKeys;
import dev.conveyor.api.intake.JobPreparation;
import dev.conveyor.api.intake.JobProducer;
import dev.conveyor.api.intake.JobSchedule;
import dev.conveyor.api.intake.Requests;
import dev.conveyor.api.jobs.JobStore;
import dev.conveyor.api.jobs.QueuedJob;
import dev.conveyor.api.quota.QuotaGuard;
import dev.conveyor.schemas.CompletionRequest;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch in two passes. First every job is read, rendered and validated while it is spooled to
 * a temporary file; one bad job rejects the whole batch, naming its line, before anything is
 * produced. Then the spooled jobs are produced with a bounded number awaiting acknowledgement,
 * and the batch is answered only once the broker acknowledged every one.
 */
@Service
class BatchIntake {

    private static final int ROWS_PER_INSERT = 500;

    private final JobPreparation preparation;
    private final JobProducer producer;
    private final JobStore jobs;
    private final BatchStore batches;
    private final QuotaGuard quota;
    private final ApiSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    BatchIntake(
            JobPreparation preparation,
            JobProducer producer,
            JobStore jobs,
            BatchStore batches,
            QuotaGuard quota,
            ApiSettings settings,
            JsonMapper json,
            Clock clock) {
        this.preparation = preparation;
        this.producer = producer;
        this.jobs = jobs;
        this.batches = batches;
        this.quota = quota;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    enum Format {
        JSONL,
        JSON_ARRAY
    }

    /**
     * The batch as accepted. Its deferral counts are 0: the answer to a submission does not read the
     * router's table, whose failure must not fail a batch already produced; GET /v1/batches/{id} does.
     */
    record Accepted(BatchView batch, boolean replayed) {}

    /** The batch's own lane and completion window, for its jobs that name neither; null when not given. */
    record Options(String priority, String completionWindow) {

        static final Options NONE = new Options(null, null);
    }

    Accepted submit(String tenantId, Format format, InputStream body, String idempotencyKey) {
        return submit(tenantId, format, body, idempotencyKey, Options.NONE);
    }

    Accepted submit(String tenantId, Format format, InputStream body, String idempotencyKey, Options options) {
        JobSchedule.checkBatchOptions(
                options.priority(), options.completionWindow(), settings.lanes(), clock.instant());
        quota.checkCanSubmit(tenantId);
        MessageDigest digest = sha256();
        InputStream in = new BufferedInputStream(
                new DigestInputStream(new LimitedInputStream(body, settings.maxBatchSize()), digest), 64 * 1024);
        try (Spool spool = new Spool(json)) {
            spoolValidated(tenantId, format == Format.JSONL ? jsonl(in) : BatchInput.array(in, json), spool, options);
            String hash = java.util.HexFormat.of().formatHex(digest.digest());
            String batchId = IdempotencyKeys.batchId(tenantId, idempotencyKey);
            if (idempotencyKey != null) {
                Optional<Accepted> earlier = earlier(tenantId, batchId, hash);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            Instant now = clock.instant();
            produce(tenantId, batchId, hash, spool, now);
            BatchStore.Batch batch = new BatchStore.Batch(batchId, tenantId, spool.count(), hash, now);
            batches.insert(batch);
            return new Accepted(BatchView.of(batch, batches.progress(batch), DeferredJobs.Counts.NONE), false);
        }
    }

    private BatchInput jsonl(InputStream in) {
        int maxLineBytes = Math.max(1 << 20, settings.maxPromptChars() * 8 + (64 << 10));
        return BatchInput.jsonl(in, json, maxLineBytes);
    }

    private void spoolValidated(String tenantId, BatchInput input, Spool spool, Options options) {
        Set<String> customIds = new HashSet<>();
        input.forEach(element -> {
            if (element.ordinal() > settings.maxBatchJobs()) {
                throw new PayloadTooLarge(
                        "/",
                        element.line(),
                        "a batch may hold " + settings.maxBatchJobs() + " jobs; split it into smaller batches");
            }
            try {
                BatchLine line = BatchLine.of(element.node(), json);
                if (line.customId() != null && !customIds.add(line.customId())) {
                    throw new InvalidRequest("/custom_id", "custom_id '" + line.customId() + "' is used twice");
                }
                try {
                    spool.write(new Spool.Job(
                            element.ordinal(),
                            line.customId(),
                            preparation.prepare(
                                    tenantId,
                                    line.job().withBatchSchedule(options.priority(), options.completionWindow()),
                                    settings.lanes().batches())));
                } catch (InvalidRequest fault) {
                    throw line.relocate(fault);
                }
            } catch (InvalidRequest fault) {
                throw element.locate(fault);
            }
        });
    }

    private Optional<Accepted> earlier(String tenantId, String batchId, String hash) {
        return batches.find(tenantId, batchId).map(batch -> {
            if (!batch.requestHash().equals(hash)) {
                throw new IdempotencyKeyReused(
                        "This Idempotency-Key was used before with a different batch; use a new key");
            }
            return new Accepted(BatchView.of(batch, batches.progress(batch), DeferredJobs.Counts.NONE), true);
        });
    }

    /** Sends every spooled job, keeping at most {@code batch-in-flight} unacknowledged. */
    private void produce(String tenantId, String batchId, String hash, Spool spool, Instant now) {
        ArrayDeque<Sent> window = new ArrayDeque<>();
        List<QueuedJob> acknowledged = new ArrayList<>(ROWS_PER_INSERT);
        try {
            spool.forEach(spooled -> {
                String jobId = batchId + "-" + spooled.ordinal();
                CompletionRequest request = Requests.of(tenantId, spooled.job(), jobId, batchId, now);
                QueuedJob row = new QueuedJob(
                        jobId,
                        tenantId,
                        batchId,
                        spooled.job().taskType(),
                        spooled.customId(),
                        spooled.ordinal(),
                        hash,
                        now);
                window.add(new Sent(row, producer.send(spooled.job().priority(), request)));
                if (window.size() >= settings.batchInFlight()) {
                    settle(window.poll(), acknowledged);
                }
            });
            while (!window.isEmpty()) {
                settle(window.poll(), acknowledged);
            }
        } finally {
            jobs.queuedAll(acknowledged);
        }
    }

    private void settle(Sent sent, List<QueuedJob> acknowledged) {
        producer.awaitAck(sent.ack());
        acknowledged.add(sent.row());
        if (acknowledged.size() >= ROWS_PER_INSERT) {
            jobs.queuedAll(acknowledged);
            acknowledged.clear();
        }
    }

    private record Sent(QueuedJob row, CompletableFuture<?> ack) {}

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
