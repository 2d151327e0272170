package dev.conveyor.api.intake;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.errors.Conflict;
import dev.conveyor.api.errors.IdempotencyKeyReused;
import dev.conveyor.api.jobs.JobStore;
import dev.conveyor.api.jobs.QueuedJob;
import dev.conveyor.api.quota.QuotaGuard;
import dev.conveyor.schemas.CompletionRequest;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One job: recognises a retried submission, prepares the job, checks the tenant's quota, produces
 * it and records it as queued once the broker acknowledged it.
 */
@Service
class JobIntake {

    private final JobPreparation preparation;
    private final JobProducer producer;
    private final JobStore jobs;
    private final QuotaGuard quota;
    private final Clock clock;
    private final JsonMapper canonical;
    private final ApiSettings.Lanes lanes;

    JobIntake(
            JobPreparation preparation,
            JobProducer producer,
            JobStore jobs,
            QuotaGuard quota,
            Clock clock,
            JsonMapper json,
            ApiSettings settings) {
        this.lanes = settings.lanes();
        this.preparation = preparation;
        this.producer = producer;
        this.jobs = jobs;
        this.quota = quota;
        this.clock = clock;
        this.canonical = json.rebuild()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
    }

    record Accepted(String jobId, boolean replayed) {}

    Accepted submit(String tenantId, JobSubmission submission, String idempotencyKey) {
        JobValidator.checkJobId(submission.jobId());
        String hash = IdempotencyKeys.sha256(canonical.writeValueAsString(submission));
        String jobId = submission.jobId() != null
                ? submission.jobId()
                : idempotencyKey != null ? IdempotencyKeys.jobId(tenantId, idempotencyKey) : null;
        if (jobId != null) {
            Optional<Accepted> earlier = earlier(tenantId, jobId, hash, submission.jobId() != null);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        } else {
            jobId = UUID.randomUUID().toString();
        }
        JobSubmission job = preparation.prepare(tenantId, submission, lanes.jobs());
        quota.checkCanSubmit(tenantId);
        CompletionRequest request = Requests.of(tenantId, job, jobId, null, clock.instant());
        producer.awaitAck(producer.send(job.priority(), request));
        jobs.queued(new QueuedJob(jobId, tenantId, null, job.taskType(), null, null, hash, request.getSubmittedAt()));
        return new Accepted(jobId, false);
    }

    /** The earlier submission under this id, if it was this one; a clash otherwise. */
    private Optional<Accepted> earlier(String tenantId, String jobId, String hash, boolean clientId) {
        return jobs.earlier(tenantId, jobId).map(owner -> {
            if (owner.requestHash() != null && !owner.requestHash().equals(hash)) {
                throw clientId
                        ? new Conflict("job_id '" + jobId + "' was submitted before with a different body")
                        : new IdempotencyKeyReused(
                                "This Idempotency-Key was used before with a different body; use a new key");
            }
            return new Accepted(jobId, true);
        });
    }
}
