package dev.conveyor.sim.dialect;

import dev.conveyor.sim.engine.SimError;
import dev.conveyor.sim.server.Json;
import dev.conveyor.sim.server.SimResponse;

/** Anthropic's documented error bodies: {@code {"type": "error", "error": {type, message}, "request_id"}}. */
public final class AnthropicErrors {

    private AnthropicErrors() {}

    static SimResponse of(SimError error, String requestId) {
        return switch (error) {
            case SimError.Unauthorized u ->
                body(401, "authentication_error", "x-api-key header is required", requestId);
            case SimError.BadRequest bad -> body(400, "invalid_request_error", bad.message(), requestId);
            case SimError.ResourceNotFound r -> body(404, "not_found_error", "Not found", requestId);
            case SimError.ModelNotFound missing -> body(404, "not_found_error", "model: " + missing.model(), requestId);
            case SimError.ContextLengthExceeded context ->
                body(400, "invalid_request_error", contextMessage(context), requestId);
            case SimError.RateLimited limited -> rateLimited(limited, requestId);
            case SimError.Injected injected -> injected(injected.status(), requestId);
        };
    }

    private static String contextMessage(SimError.ContextLengthExceeded context) {
        if (context.promptTokens() > context.contextWindow()) {
            return "prompt is too long: " + context.promptTokens() + " tokens > " + context.contextWindow()
                    + " maximum";
        }
        return "input length and `max_tokens` exceed context limit: " + context.promptTokens() + " + "
                + context.outputTokens() + " > " + context.contextWindow()
                + ", decrease input length or `max_tokens` and try again";
    }

    private static SimResponse rateLimited(SimError.RateLimited limited, String requestId) {
        var state = limited.state();
        boolean requests = state.requestLimit() > 0 && state.requestsRemaining() == 0;
        String message = "This request would exceed the rate limit for your organization of "
                + (requests ? state.requestLimit() + " requests" : state.tokenLimit() + " tokens")
                + " per window. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the"
                + " response headers for current usage. Please reduce the prompt length or the maximum tokens"
                + " requested, or try again later.";
        return body(429, "rate_limit_error", message, requestId)
                .header("retry-after", Long.toString(state.retryAfter().toSeconds()));
    }

    private static SimResponse injected(int status, String requestId) {
        return switch (status) {
            case 429 ->
                body(429, "rate_limit_error", "Number of requests has exceeded your rate limit.", requestId)
                        .header("retry-after", "1");
            case 500 -> body(500, "api_error", "Internal server error", requestId);
            case 504 -> body(504, "timeout_error", "Request timeout", requestId);
            case 529 -> body(529, "overloaded_error", "Overloaded", requestId);
            default -> body(status, "api_error", "Service unavailable", requestId);
        };
    }

    static SimResponse body(int status, String type, String message, String requestId) {
        var body = Json.object().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        body.put("request_id", requestId);
        return SimResponse.json(status, Json.bytes(body));
    }
}
