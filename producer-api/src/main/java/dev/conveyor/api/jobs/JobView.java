package dev.conveyor.api.jobs;

import java.time.Instant;

/**
 * {@code GET /v1/jobs/{id}}: a job's state ({@code queued}, then {@code succeeded} or
 * {@code failed}) and, once final, its result.
 *
 * @param costUsd exact, as a decimal string (as everywhere in this API), null until final
 * @param attempts provider calls made for the job, failed ones included
 * @param cacheHit answered from the response cache (no provider call, nothing billed)
 * @param fallbacks how often the job moved on to another model (skipped or failed) before it was answered or failed
 */
public record JobView(
        String jobId,
        String tenantId,
        String batchId,
        String customId,
        String taskType,
        String status,
        String content,
        String finishReason,
        String provider,
        String model,
        Usage usage,
        String costUsd,
        Long latencyMs,
        int attempts,
        boolean cacheHit,
        int fallbacks,
        Error error,
        Instant submittedAt,
        Instant completedAt) {

    public record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {}

    public record Error(String type, String message) {}

    public boolean finished() {
        return "succeeded".equals(status) || "failed".equals(status);
    }
}
