package dev.conveyor.router.provider.anthropic;

import dev.conveyor.router.provider.ErrorAnswer;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.HttpAnswer;
import dev.conveyor.router.provider.ProviderException;
import tools.jackson.databind.json.JsonMapper;

/** Maps Anthropic's documented errors ({@code {"type":"error","error":{"type","message"}}}) to typed errors. */
final class AnthropicErrors {

    private AnthropicErrors() {}

    static ProviderException toException(HttpAnswer response, JsonMapper json) {
        ErrorAnswer error = ErrorAnswer.read(response, json, "type");
        return error.toException(type(error.status(), error.code(), error.message()));
    }

    static ErrorType type(int status, String type, String message) {
        if (message.contains("spend limit")
                || message.contains("enforced_spend_limit_reached")
                || type.equals("enforced_spend_limit_reached")) {
            return ErrorType.QUOTA_EXCEEDED;
        }
        return switch (type) {
            case "authentication_error", "permission_error" -> ErrorType.AUTH;
            case "not_found_error" -> ErrorType.MODEL_NOT_FOUND;
            case "rate_limit_error" -> ErrorType.RATE_LIMIT;
            case "overloaded_error" -> ErrorType.OVERLOADED;
            case "api_error" -> ErrorType.SERVER_ERROR;
            case "invalid_request_error", "request_too_large" ->
                message.contains("prompt is too long") || message.contains("exceed context limit")
                        ? ErrorType.CONTEXT_LENGTH
                        : ErrorType.INVALID_REQUEST;
            default ->
                switch (status) {
                    case 401, 403 -> ErrorType.AUTH;
                    case 404 -> ErrorType.MODEL_NOT_FOUND;
                    case 429 -> ErrorType.RATE_LIMIT;
                    case 503, 529 -> ErrorType.OVERLOADED;
                    default -> status >= 500 ? ErrorType.SERVER_ERROR : ErrorType.INVALID_REQUEST;
                };
        };
    }
}
