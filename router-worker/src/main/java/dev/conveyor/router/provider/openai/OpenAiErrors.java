package dev.conveyor.router.provider.openai;

import dev.conveyor.router.provider.ErrorAnswer;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.HttpAnswer;
import dev.conveyor.router.provider.ProviderException;
import tools.jackson.databind.json.JsonMapper;

/** Maps OpenAI's documented error answers ({@code {"error":{"message","type","code"}}}) to typed errors. */
final class OpenAiErrors {

    private OpenAiErrors() {}

    static ProviderException toException(HttpAnswer response, JsonMapper json) {
        ErrorAnswer error = ErrorAnswer.read(response, json, "code");
        return error.toException(type(error.status(), error.code()));
    }

    static ErrorType type(int status, String code) {
        if ("insufficient_quota".equals(code)) {
            return ErrorType.QUOTA_EXCEEDED;
        }
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
