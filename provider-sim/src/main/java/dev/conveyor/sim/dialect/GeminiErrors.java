package dev.conveyor.sim.dialect;

import dev.conveyor.sim.engine.SimError;
import dev.conveyor.sim.server.Json;
import dev.conveyor.sim.server.SimResponse;

/** Gemini's errors as Google RPC statuses: {@code {"error": {code, message, status, details}}}. */
public final class GeminiErrors {

    private GeminiErrors() {}

    static SimResponse of(SimError error, String requestId) {
        return switch (error) {
            case SimError.Unauthorized u ->
                body(
                        403,
                        "Method doesn't allow unregistered callers (callers without established identity). Please use"
                                + " API Key or other form of API consumer identity to call this API.",
                        "PERMISSION_DENIED");
            case SimError.BadRequest bad -> body(400, bad.message(), "INVALID_ARGUMENT");
            case SimError.ResourceNotFound r -> body(404, "Requested entity was not found.", "NOT_FOUND");
            case SimError.ModelNotFound missing ->
                body(
                        404,
                        "models/" + missing.model() + " is not found for API version v1beta, or is not supported for"
                                + " generateContent. Call ListModels to see the list of available models and their"
                                + " supported methods.",
                        "NOT_FOUND");
            case SimError.ContextLengthExceeded context ->
                body(
                        400,
                        "The input token count (" + context.promptTokens() + ") exceeds the maximum number of tokens"
                                + " allowed (" + context.contextWindow() + ").",
                        "INVALID_ARGUMENT");
            case SimError.RateLimited limited ->
                resourceExhausted(limited.model(), limited.retryAfter().toSeconds());
            case SimError.Injected injected -> injected(injected.status());
        };
    }

    private static SimResponse resourceExhausted(String model, long retrySeconds) {
        var body = Json.object();
        var error = body.putObject("error")
                .put("code", 429)
                .put(
                        "message",
                        "You exceeded your current quota, please check your plan and billing details. For more"
                                + " information on this error, head to:"
                                + " https://ai.google.dev/gemini-api/docs/rate-limits.")
                .put("status", "RESOURCE_EXHAUSTED");
        var details = error.putArray("details");
        var violation = details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
                .putArray("violations")
                .addObject()
                .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_requests")
                .put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel");
        violation.putObject("quotaDimensions").put("location", "global").put("model", model == null ? "" : model);
        details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                .put("retryDelay", retrySeconds + "s");
        return SimResponse.json(429, Json.bytes(body)).header("retry-after", Long.toString(retrySeconds));
    }

    private static SimResponse injected(int status) {
        return switch (status) {
            case 429 -> resourceExhausted(null, 1);
            case 500 ->
                body(
                        500,
                        "An internal error has occurred. Please retry or report in"
                                + " https://developers.generativeai.google/guide/troubleshooting",
                        "INTERNAL");
            case 504 -> body(504, "Deadline expired before operation could complete.", "DEADLINE_EXCEEDED");
            default -> body(503, "The model is overloaded. Please try again later.", "UNAVAILABLE");
        };
    }

    private static SimResponse body(int status, String message, String rpcStatus) {
        var body = Json.object();
        body.putObject("error").put("code", status).put("message", message).put("status", rpcStatus);
        return SimResponse.json(status, Json.bytes(body));
    }
}
