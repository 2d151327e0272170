package dev.conveyor.sim.dialect;

import dev.conveyor.sim.engine.SimError;
import dev.conveyor.sim.server.Json;
import dev.conveyor.sim.server.SimResponse;

/** OpenAI's documented error bodies: {@code {"error": {message, type, param, code}}}, with its statuses and headers. */
public final class OpenAiErrors {

    private OpenAiErrors() {}

    static SimResponse of(SimError error, String requestId) {
        return switch (error) {
            case SimError.Unauthorized u ->
                body(
                        401,
                        "You didn't provide an API key. You need to provide your API key in an Authorization header"
                                + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field"
                                + " (with blank username) if you're accessing the API from your browser and are"
                                + " prompted for a username. You can obtain an API key from"
                                + " https://platform.openai.com/account/api-keys.",
                        "invalid_request_error",
                        null,
                        null);
            case SimError.BadRequest bad -> body(400, bad.message(), "invalid_request_error", bad.param(), null);
            case SimError.ResourceNotFound r -> body(404, "Invalid URL", "invalid_request_error", null, null);
            case SimError.ModelNotFound missing ->
                body(
                        404,
                        "The model `" + missing.model() + "` does not exist or you do not have access to it.",
                        "invalid_request_error",
                        null,
                        "model_not_found");
            case SimError.ContextLengthExceeded context ->
                body(400, contextMessage(context), "invalid_request_error", "messages", "context_length_exceeded");
            case SimError.RateLimited limited -> rateLimited(limited);
            case SimError.Injected injected -> injected(injected.status());
        };
    }

    private static String contextMessage(SimError.ContextLengthExceeded context) {
        int total = context.promptTokens() + context.outputTokens();
        return "This model's maximum context length is " + context.contextWindow() + " tokens. However, you requested "
                + total + " tokens (" + context.promptTokens() + " in the messages, " + context.outputTokens()
                + " in the completion). Please reduce the length of the messages or completion.";
    }

    private static SimResponse rateLimited(SimError.RateLimited limited) {
        var state = limited.state();
        boolean requests = state.requestLimit() > 0 && state.requestsRemaining() == 0;
        String dimension = requests ? "requests per min (RPM)" : "tokens per min (TPM)";
        long limit = requests ? state.requestLimit() : state.tokenLimit();
        String message = "Rate limit reached for " + limited.model() + " in organization org-simulated on "
                + dimension + ": Limit " + limit + ". Please try again in " + OpenAiDurations.format(state.resetIn())
                + ". Visit https://platform.openai.com/account/rate-limits to learn more.";
        return body(429, message, requests ? "requests" : "tokens", null, "rate_limit_exceeded")
                .header("retry-after", Long.toString(state.retryAfter().toSeconds()))
                .header("retry-after-ms", Long.toString(state.resetIn().toMillis()));
    }

    private static SimResponse injected(int status) {
        return switch (status) {
            case 429 ->
                body(
                                429,
                                "Rate limit reached for requests. Please try again in 1s. Visit"
                                        + " https://platform.openai.com/account/rate-limits to learn more.",
                                "requests",
                                null,
                                "rate_limit_exceeded")
                        .header("retry-after", "1");
            case 500 ->
                body(
                        500,
                        "The server had an error while processing your request. Sorry about that!",
                        "server_error",
                        null,
                        null);
            case 502 -> body(502, "Bad gateway.", "server_error", null, null);
            case 504 -> body(504, "Gateway timeout.", "server_error", null, null);
            default -> body(503, "The server is overloaded or not ready yet.", "server_error", null, null);
        };
    }

    static SimResponse body(int status, String message, String type, String param, String code) {
        var error = Json.object();
        error.putObject("error")
                .put("message", message)
                .put("type", type)
                .put("param", param)
                .put("code", code);
        return SimResponse.json(status, Json.bytes(error));
    }
}
