package dev.conveyor.sim.engine;

/**
 * A completion call read from any protocol.
 *
 * @param prompt all message text in order, what the content and its determinism derive from
 * @param maxTokens the output limit the caller set, or null when it set none
 * @param cachePrefix the part of the prompt a provider could serve from its prompt cache (everything before the last
 *     message, or for Anthropic up to the last {@code cache_control} block); null when there is none
 * @param explicitCache true when the caller marked the prefix for caching (Anthropic {@code cache_control}), so a
 *     first call writes the cache and is reported as cache creation
 */
public record CompletionCall(
        String apiKey,
        String model,
        String prompt,
        int promptTokens,
        Integer maxTokens,
        String cachePrefix,
        boolean explicitCache) {

    int requestedOutputTokens() {
        return maxTokens == null ? 0 : maxTokens;
    }
}
