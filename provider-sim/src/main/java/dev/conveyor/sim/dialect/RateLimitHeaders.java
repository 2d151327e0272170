package dev.conveyor.sim.dialect;

import dev.conveyor.sim.ratelimit.RateLimitState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Rate-limit headers in the shape OpenAI and Anthropic share: a limit, what remains and when it resets, for requests
 * then tokens, each only when that dimension is limited. The protocols differ in the header names and the reset format.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {}

    /**
     * The headers for {@code state}; {@code name} builds a header's name from its dimension ({@code requests} or
     * {@code tokens}) and field ({@code limit}, {@code remaining} or {@code reset}).
     */
    static Map<String, String> of(RateLimitState state, String reset, BinaryOperator<String> name) {
        var headers = new LinkedHashMap<String, String>();
        if (state.requestLimit() > 0) {
            put(headers, name, "requests", state.requestLimit(), state.requestsRemaining(), reset);
        }
        if (state.tokenLimit() > 0) {
            put(headers, name, "tokens", state.tokenLimit(), state.tokensRemaining(), reset);
        }
        return headers;
    }

    private static void put(
            Map<String, String> headers,
            BinaryOperator<String> name,
            String dimension,
            long limit,
            long remaining,
            String reset) {
        headers.put(name.apply(dimension, "limit"), Long.toString(limit));
        headers.put(name.apply(dimension, "remaining"), Long.toString(remaining));
        headers.put(name.apply(dimension, "reset"), reset);
    }
}
