package dev.conveyor.sim.engine;

import dev.conveyor.sim.content.TokenCounter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simulates providers' prompt caching: a prompt prefix of at least 1,024 tokens that was sent before (to the same
 * model) is served from cache. Implicit caching (OpenAI, Gemini) reports cached tokens in 128-token increments;
 * explicit caching (Anthropic {@code cache_control}) reports the first call as cache creation and later ones as reads.
 */
public final class PromptCache {

    static final int MIN_TOKENS = 1024;
    static final int INCREMENT = 128;
    private static final int MAX_PREFIXES = 100_000;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    record Use(int readTokens, int creationTokens) {
        static final Use NONE = new Use(0, 0);
    }

    Use use(String model, CompletionCall call) {
        if (call.cachePrefix() == null) {
            return Use.NONE;
        }
        int prefixTokens = TokenCounter.count(call.cachePrefix());
        if (prefixTokens < MIN_TOKENS) {
            return Use.NONE;
        }
        if (seen.size() > MAX_PREFIXES) {
            seen.clear();
        }
        boolean hit = !seen.add(model
                + '\u0000'
                + call.cachePrefix().length()
                + ':'
                + call.cachePrefix().hashCode());
        if (call.explicitCache()) {
            return hit ? new Use(prefixTokens, 0) : new Use(0, prefixTokens);
        }
        return hit ? new Use(prefixTokens - prefixTokens % INCREMENT, 0) : Use.NONE;
    }

    void clear() {
        seen.clear();
    }
}
