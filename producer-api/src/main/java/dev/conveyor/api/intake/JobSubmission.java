package dev.conveyor.api.intake;

import java.util.List;
import java.util.Map;

/** The body of {@code POST /v1/jobs}; names are snake_case on the wire. */
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
        Map<String, String> metadata) {

    public record Message(String role, String content) {}
}
