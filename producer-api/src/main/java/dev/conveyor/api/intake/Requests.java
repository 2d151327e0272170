package dev.conveyor.api.intake;

import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import java.time.Instant;
import java.util.Map;

/** Prepared jobs as the Avro records the router consumes. */
public final class Requests {

    private Requests() {}

    public static CompletionRequest of(
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
                .setSubmittedAt(submittedAt)
                .setDeadline(job.deadline() != null ? Instant.parse(job.deadline()) : null)
                .setMetadata(job.metadata() != null ? Map.copyOf(job.metadata()) : Map.of())
                .build();
    }
}
