package dev.conveyor.api.intake;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/jobs}, and of each job in a batch; names are snake_case on the wire.
 * A job gives either {@code messages} or a {@code template_id} with its {@code variables}.
 *
 * @param tenantId optional; when given it must be the API key's tenant
 * @param jobId optional client job id: submitting the same id again answers the first submission
 * @param priority the lane ({@code interactive}, {@code bulk}); by default single jobs go on
 *     interactive and batches on bulk
 * @param deadline when the job is no longer worth doing, an ISO-8601 instant; after it the job
 *     fails with {@code DEADLINE_EXCEEDED} instead of being called
 * @param completionWindow the deadline as a duration from submission ({@code 24h}, {@code 90m},
 *     {@code PT2H}); give this or {@code deadline}
 */
public record JobSubmission(
        String jobId,
        String tenantId,
        String taskType,
        List<Message> messages,
        String systemPrompt,
        String model,
        String provider,
        Integer maxTokens,
        Double temperature,
        Map<String, String> metadata,
        String templateId,
        Integer templateVersion,
        Map<String, String> variables,
        String priority,
        String deadline,
        String completionWindow) {

    public record Message(String role, String content) {}

    JobSubmission withPrompt(List<Message> messages, String systemPrompt) {
        return new JobSubmission(
                jobId,
                tenantId,
                taskType,
                messages,
                systemPrompt,
                model,
                provider,
                maxTokens,
                temperature,
                metadata,
                templateId,
                templateVersion,
                variables,
                priority,
                deadline,
                completionWindow);
    }

    JobSubmission withDefaults(String defaultTaskType, int defaultMaxTokens) {
        return new JobSubmission(
                jobId,
                tenantId,
                taskType != null ? taskType : defaultTaskType,
                messages,
                systemPrompt,
                model,
                provider,
                maxTokens != null ? maxTokens : defaultMaxTokens,
                temperature,
                metadata,
                templateId,
                templateVersion,
                variables,
                priority,
                deadline,
                completionWindow);
    }

    /** The same job with one more metadata entry (a batch line's {@code custom_id}). */
    public JobSubmission withMetadata(String key, String value) {
        Map<String, String> more = new java.util.TreeMap<>(metadata == null ? Map.of() : metadata);
        more.put(key, value);
        return new JobSubmission(
                jobId,
                tenantId,
                taskType,
                messages,
                systemPrompt,
                model,
                provider,
                maxTokens,
                temperature,
                more,
                templateId,
                templateVersion,
                variables,
                priority,
                deadline,
                completionWindow);
    }

    /** The same job in this lane, with this absolute deadline (ISO-8601, or null) and no window. */
    JobSubmission withSchedule(String lane, String absoluteDeadline) {
        return new JobSubmission(
                jobId,
                tenantId,
                taskType,
                messages,
                systemPrompt,
                model,
                provider,
                maxTokens,
                temperature,
                metadata,
                templateId,
                templateVersion,
                variables,
                lane,
                absoluteDeadline,
                null);
    }

    /** The same job with the batch's lane and window where it names neither lane nor deadline of its own. */
    public JobSubmission withBatchSchedule(String lane, String window) {
        boolean ownDeadline = deadline != null || completionWindow != null;
        return new JobSubmission(
                jobId,
                tenantId,
                taskType,
                messages,
                systemPrompt,
                model,
                provider,
                maxTokens,
                temperature,
                metadata,
                templateId,
                templateVersion,
                variables,
                priority != null ? priority : lane,
                deadline,
                ownDeadline ? completionWindow : window);
    }
}
