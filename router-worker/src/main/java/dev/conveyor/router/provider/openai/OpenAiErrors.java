package dev.conveyor.router.provider.openai;

import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.HttpAnswer;
import dev.conveyor.router.provider.HttpCalls;
import dev.conveyor.router.provider.ProviderException;
import java.time.Clock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Maps OpenAI's documented error answers ({@code {"error":{"message","type","code"}}}) to typed errors. */
final class OpenAiErrors {

    private OpenAiErrors() {}

    static ProviderException toException(HttpAnswer response, JsonMapper json) {
        int status = response.status();
        String code = "";
        String message = "HTTP " + status;
        try {
            JsonNode error = json.readTree(response.body()).path("error");
            code = error.path("code").asString("");
            message = error.path("message").asString(message);
        } catch (JacksonException e) {
            // not JSON (a proxy's HTML page, say): the status alone decides
        }
        return new ProviderException(
                type(status, code),
                status,
                message,
                HttpCalls.retryAfter(response).orElse(null),
                HttpCalls.rateLimits(response, Clock.systemUTC()));
    }

    static ErrorType type(int status, String code) {
        if ("context_length_exceeded".equals(code)) {
            return ErrorType.CONTEXT_LENGTH;
        }
        if ("content_filter".equals(code) || "content_policy_violation".equals(code)) {
            return ErrorType.CONTENT_FILTER;
        }
        if ("model_not_found".equals(code) || status == 404) {
            return ErrorType.MODEL_NOT_FOUND;
        }
        return switch (status) {
            case 401, 403 -> ErrorType.AUTH;
            case 408 -> ErrorType.TIMEOUT;
            case 429 -> ErrorType.RATE_LIMIT;
            case 503, 529 -> ErrorType.OVERLOADED;
            default -> status >= 500 ? ErrorType.SERVER_ERROR : ErrorType.INVALID_REQUEST;
        };
    }
}
