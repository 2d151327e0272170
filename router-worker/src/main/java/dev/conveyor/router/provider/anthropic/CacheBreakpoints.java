package dev.conveyor.router.provider.anthropic;

import dev.conveyor.router.routing.PromptTokens;
import java.util.List;
import java.util.Map;

/**
 * Where a request asks Anthropic to cache its prompt: {@code cache_control} breakpoints (up to four
 * a request) on the system prompt, and at the end of the conversation before its last message (the
 * prefix that jobs continuing the same conversation, or asking other questions of the same
 * document, share), each when the prompt up to it is estimated at {@code minTokens} or more. Below
 * the model's minimum cacheable length Anthropic ignores a breakpoint: 1,024 tokens for Claude
 * Sonnet 4.5, Sonnet 4 and Opus 4/4.1, 2,048 for Haiku 3.5, 4,096 for Opus 4.5 and Haiku 4.5
 * (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching, "Cache limitations").
 * A {@code minTokens} of 0 marks nothing.
 */
record CacheBreakpoints(int minTokens) {

    /** The block attribute that marks the prompt up to and including the block (5-minute lifetime). */
    static final Map<String, String> EPHEMERAL = Map.of("type", "ephemeral");

    boolean enabled() {
        return minTokens > 0;
    }

    /** Whether to mark the system prompt. */
    boolean onSystem(String system) {
        return enabled() && !system.isEmpty() && PromptTokens.atLeast(system, minTokens);
    }

    /**
     * The message that ends the shared prefix, marked when the system prompt and the messages up to it
     * reach the minimum; -1 when the conversation has a single message or the prefix is short.
     */
    int prefixEnd(String system, List<String> contents) {
        int end = contents.size() - 2;
        if (!enabled() || end < 0) {
            return -1;
        }
        StringBuilder prefix = new StringBuilder(system);
        for (int i = 0; i <= end; i++) {
            prefix.append('\n').append(contents.get(i));
        }
        return PromptTokens.atLeast(prefix.toString(), minTokens) ? end : -1;
    }
}
