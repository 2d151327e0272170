package dev.conveyor.sim;

import java.time.Instant;

/**
 * One call the simulator answered, as the provider would have charged it.
 *
 * <p>Token glossary: {@code inputTokens} counts every input token of the call, including the ones read from the
 * prompt cache ({@code cachedInputTokens}) and the ones written to it ({@code cacheCreationInputTokens}, Anthropic
 * only). OpenAI's {@code prompt_tokens} and Gemini's {@code promptTokenCount} equal {@code inputTokens}; Anthropic's
 * {@code input_tokens} equals {@code inputTokens - cachedInputTokens - cacheCreationInputTokens}. Calls that failed
 * carry zero tokens: providers do not charge for them.
 *
 * @param requestId the caller's {@code X-Client-Request-Id}, else its {@code x-request-id}, else one the simulator made
 * @param model the model the call named (for Azure the deployment); empty when a failed call named none
 * @param status the HTTP status answered; hung calls are recorded with 0, refused ones with -1
 * @param finishReason the provider's own finish reason on success ({@code stop}, {@code end_turn}, {@code STOP} …),
 *     null on errors
 * @param batch the call was one request of a provider batch (OpenAI Batch, Anthropic Message Batches), priced at the
 *     catalog's batch prices
 */
public record LedgerEntry(
        String requestId,
        Protocol protocol,
        String model,
        int inputTokens,
        int outputTokens,
        int cachedInputTokens,
        int status,
        Instant time,
        int cacheCreationInputTokens,
        String finishReason,
        boolean batch) {

    /** Status recorded for a call the simulator accepted and never answered. */
    public static final int HUNG = 0;

    /** Status recorded for a call whose connection the simulator reset. */
    public static final int REFUSED = -1;

    public LedgerEntry {
        model = model == null ? "" : model;
    }

    /** A synchronous call. */
    public LedgerEntry(
            String requestId,
            Protocol protocol,
            String model,
            int inputTokens,
            int outputTokens,
            int cachedInputTokens,
            int status,
            Instant time,
            int cacheCreationInputTokens,
            String finishReason) {
        this(
                requestId,
                protocol,
                model,
                inputTokens,
                outputTokens,
                cachedInputTokens,
                status,
                time,
                cacheCreationInputTokens,
                finishReason,
                false);
    }

    public boolean succeeded() {
        return status == 200;
    }

    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}
