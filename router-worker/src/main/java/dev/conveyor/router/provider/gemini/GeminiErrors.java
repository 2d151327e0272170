package dev.conveyor.router.provider.gemini;

import dev.conveyor.router.provider.ErrorAnswer;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.HttpAnswer;
import dev.conveyor.router.provider.HttpCalls;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.RateLimitHeaders;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Maps Google's documented errors ({@code {"error":{"code","message","status","details"}}}) to typed errors. */
final class GeminiErrors {

    private GeminiErrors() {}

    /** The Retry-After header, else the body's {@code google.rpc.RetryInfo}; no rate-limit headers are read. */
    static ProviderException toException(HttpAnswer response, JsonMapper json) {
        ErrorAnswer error = ErrorAnswer.read(response, json, "status");
        Duration retryAfter = HttpCalls.retryAfter(response).orElseGet(() -> retryDelay(error.error()));
        return error.toException(
                type(error.status(), error.code(), error.message()), retryAfter, RateLimitHeaders.NONE);
    }

    /** The last {@code google.rpc.RetryInfo} detail's delay; {@code null} when there is none. */
    private static Duration retryDelay(JsonNode error) {
        Duration retryDelay = null;
        try {
            for (JsonNode detail : error.path("details")) {
                if (detail.path("@type").asString("").endsWith("google.rpc.RetryInfo")) {
                    retryDelay = seconds(detail.path("retryDelay").asString(""));
                }
            }
        } catch (JacksonException e) {
            // a detail that does not read as documented: what was read so far stands
        }
        return retryDelay;
    }

    static ErrorType type(int status, String code, String message) {
        return switch (code) {
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> ErrorType.AUTH;
            case "NOT_FOUND" -> ErrorType.MODEL_NOT_FOUND;
            case "RESOURCE_EXHAUSTED" -> ErrorType.RATE_LIMIT;
            case "UNAVAILABLE" -> ErrorType.OVERLOADED;
            case "DEADLINE_EXCEEDED" -> ErrorType.TIMEOUT;
            case "INTERNAL" -> ErrorType.SERVER_ERROR;
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION" ->
                message.contains("exceeds the maximum number of tokens")
                        ? ErrorType.CONTEXT_LENGTH
                        : ErrorType.INVALID_REQUEST;
            default ->
                switch (status) {
                    case 401, 403 -> ErrorType.AUTH;
                    case 404 -> ErrorType.MODEL_NOT_FOUND;
                    case 429 -> ErrorType.RATE_LIMIT;
                    case 503 -> ErrorType.OVERLOADED;
                    case 504 -> ErrorType.TIMEOUT;
                    default -> status >= 500 ? ErrorType.SERVER_ERROR : ErrorType.INVALID_REQUEST;
                };
        };
    }

    /** Google's duration strings, e.g. {@code "33s"} or {@code "1.5s"}. */
    private static Duration seconds(String value) {
        if (!value.endsWith("s")) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
