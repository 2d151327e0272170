package dev.conveyor.api.intake;

import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.JobRules;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Prepared jobs as the Avro records the router consumes. */
public final class Requests {

    private Requests() {}

    /**
     * The job as the router will read it, checked once more against the rules the router applies
     * ({@link JobRules}), so nothing this API accepts is refused there.
     */
    public static CompletionRequest of(
            String tenantId, JobSubmission job, String jobId, String batchId, Instant submittedAt) {
        CompletionRequest request = build(tenantId, job, jobId, batchId, submittedAt);
        JobRules.check(request, Set.of()).ifPresent(v -> {
            throw new InvalidRequest(v.field(), v.message());
        });
        return request;
    }

    private static CompletionRequest build(
            String tenantId, JobSubmission job, String jobId, String batchId, Instant submittedAt) {
        return CompletionRequest.newBuilder()
                .setJobId(jobId)
                .setTenantId(tenantId)
                .setTaskType(job.taskType())
                .setMessages(job.messages().stream()
                        .map(m -> new ChatMessage(m.role(), m.content()))
                        .toList())
                .setSystemPrompt(job.systemPrompt())
                .setModel(job.model())
                .setProvider(job.provider())
                .setMaxTokens(job.maxTokens())
                .setTemperature(job.temperature())
                .setBatchId(batchId)
                .setDeferrable(Boolean.TRUE.equals(job.deferrable()))
                .setSubmittedAt(submittedAt)
                .setDeadline(job.deadline() != null ? Instant.parse(job.deadline()) : null)
                .setMetadata(job.metadata() != null ? Map.copyOf(job.metadata()) : Map.of())
                .build();
    }
}
