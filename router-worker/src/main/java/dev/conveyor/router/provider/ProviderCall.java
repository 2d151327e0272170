package dev.conveyor.router.provider;

import java.util.List;
import java.util.Map;

/**
 * One call to one model. {@code requestId} is deterministic per call and is sent to the provider
 * so its logs and ours can be matched. {@code probe} marks the router's own health probe (no job
 * behind it): adapters send it as {@link #PROBE_HEADER}{@code : 1} so a provider's logs, or the
 * simulator's, can tell it from tenants' traffic.
 */
public record ProviderCall(
        String model,
        String systemPrompt,
        List<Message> messages,
        int maxTokens,
        Double temperature,
        String requestId,
        boolean probe) {

    /** The header that marks a circuit breaker's background probe. */
    public static final String PROBE_HEADER = "x-conveyor-probe";

    /** A job's call. */
    public ProviderCall(
            String model,
            String systemPrompt,
            List<Message> messages,
            int maxTokens,
            Double temperature,
            String requestId) {
        this(model, systemPrompt, messages, maxTokens, temperature, requestId, false);
    }

    /** Adds {@link #PROBE_HEADER} to a probe's headers; a job's are left as they are. */
    public void markProbe(Map<String, String> headers) {
        if (probe) {
            headers.put(PROBE_HEADER, "1");
        }
    }

    public record Message(String role, String content) {}
}
