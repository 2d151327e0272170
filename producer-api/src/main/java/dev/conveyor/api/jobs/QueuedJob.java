package dev.conveyor.api.jobs;

import java.time.Instant;

/** A job the broker acknowledged, as intake records it. */
public record QueuedJob(
        String jobId,
        String tenantId,
        String batchId,
        String taskType,
        String customId,
        Integer batchLine,
        String requestHash,
        Instant submittedAt) {}
