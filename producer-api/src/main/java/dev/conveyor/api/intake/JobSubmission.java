package dev.conveyor.api.intake;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/jobs}, and of each job in a batch; names are snake_case on the wire.
 * A job gives either {@code messages} or a {@code template_id} with its {@code variables}.
 *
 * @param tenantId optional; when given it must be the API key's tenant
 * @param jobId optional client job id: submitting the same id again answers the first submission
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
        Map<String, String> variables) {

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
                variables);
    }

    /** The pins of the {@code X-LLM-Model} and {@code X-LLM-Provider} headers, where the body has none. */
    JobSubmission withPins(String headerModel, String headerProvider) {
        return new JobSubmission(
                jobId,
                tenantId,
                taskType,
                messages,
                systemPrompt,
                model != null ? model : headerModel,
                provider != null ? provider : headerProvider,
                maxTokens,
                temperature,
                metadata,
                templateId,
                templateVersion,
                variables);
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
                variables);
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
                variables);
    }
}
