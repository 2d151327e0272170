package dev.conveyor.router.provider;

import java.util.List;

/**
 * One call to one model. {@code requestId} is deterministic per call and is sent to the provider
 * so its logs and ours can be matched.
 */
public record ProviderCall(
        String model,
        String systemPrompt,
        List<Message> messages,
        int maxTokens,
        Double temperature,
        String requestId) {

    public record Message(String role, String content) {}
}
