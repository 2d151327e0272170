package dev.conveyor.router.provider;

import java.time.Clock;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * An error answer as every adapter reads it: the body's {@code error} object, its code (under a
 * name each provider chooses) and its message; when the body is not JSON the status alone is left
 * to decide, with an empty code and {@code HTTP <status>} as message.
 *
 * @param error the body's {@code error} object; a missing node when the body could not be read
 */
public record ErrorAnswer(HttpAnswer response, String code, String message, JsonNode error) {

    /** Reads {@code response}'s {@code error} object, its code from field {@code codeField}. */
    public static ErrorAnswer read(HttpAnswer response, JsonMapper json, String codeField) {
        String code = "";
        String message = "HTTP " + response.status();
        JsonNode error = MissingNode.getInstance();
        try {
            JsonNode root = json.readTree(response.body());
            // Mistral's errors are not under "error": {"object":"error","message":{"detail":[...]},"type":...}
            JsonNode node = root.path("error").isObject() ? root.path("error") : root;
            code = node.path(codeField).asString(node.path("type").asString(""));
            JsonNode text = node.path("message");
            message = text.isString()
                    ? text.asString()
                    : text.isMissingNode() || text.isNull() ? message : text.toString();
            error = node;
        } catch (JacksonException e) {
            // not JSON (a proxy's HTML page, say): the status alone decides
        }
        return new ErrorAnswer(response, code, message, error);
    }

    public int status() {
        return response.status();
    }

    /** The typed error, with the answer's Retry-After and rate-limit headers. */
    public ProviderException toException(ErrorType type) {
        return toException(
                type, HttpCalls.retryAfter(response).orElse(null), HttpCalls.rateLimits(response, Clock.systemUTC()));
    }

    /** The typed error, with the given pause before a retry ({@code null}: none said) and rate limits. */
    public ProviderException toException(ErrorType type, Duration retryAfter, RateLimitHeaders rateLimits) {
        return new ProviderException(type, status(), message, retryAfter, rateLimits);
    }
}
