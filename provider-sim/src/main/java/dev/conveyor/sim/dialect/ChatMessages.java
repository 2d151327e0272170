package dev.conveyor.sim.dialect;

import dev.conveyor.sim.content.TokenCounter;
import dev.conveyor.sim.engine.CompletionCall;
import dev.conveyor.sim.engine.InvalidRequest;
import dev.conveyor.sim.server.Json;
import dev.conveyor.sim.server.SimRequest;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Request reading the protocols share: the JSON body, message text (a string, or an array of parts whose text parts
 * carry {@code text}), and the call built from the messages' texts.
 */
public final class ChatMessages {

    private ChatMessages() {}

    /** The request's JSON body; a body that is not JSON is rejected with {@code invalidJsonMessage}, the provider's. */
    static JsonNode body(SimRequest request, String invalidJsonMessage) {
        try {
            return Json.tree(request.body());
        } catch (JacksonException e) {
            throw new InvalidRequest(invalidJsonMessage, null);
        }
    }

    /**
     * The call whose prompt is the messages' texts joined by newlines, counted as chat messages, with everything before
     * the last message as the prefix an implicit prompt cache can serve.
     */
    static CompletionCall call(String apiKey, String model, List<String> texts, Integer maxTokens) {
        return new CompletionCall(
                apiKey, model, String.join("\n", texts), promptTokens(texts), maxTokens, prefix(texts), false);
    }

    /** The text of a content node: a string, or the text parts of an array joined by newlines. */
    static String text(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
        }
        var parts = new ArrayList<String>();
        for (JsonNode part : content) {
            if (part.has("text")) {
                parts.add(part.get("text").asString());
            }
        }
        return String.join("\n", parts);
    }

    /** Prompt tokens for chat messages: their text plus framing per message and for the reply, as OpenAI counts. */
    static int promptTokens(List<String> messages) {
        int tokens = 3;
        for (String message : messages) {
            tokens += TokenCounter.count(message) + TokenCounter.TOKENS_PER_MESSAGE;
        }
        return tokens;
    }

    /** Everything before the last message: the part a provider's implicit prompt cache can serve. */
    static String prefix(List<String> messages) {
        return messages.size() < 2 ? null : String.join("\n", messages.subList(0, messages.size() - 1));
    }

    /** The body's {@code model} field, or empty when the body is not JSON or names none. */
    static String bodyModel(SimRequest request) {
        try {
            return Json.tree(request.body()).path("model").asString("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The simulator answers whole responses only; a streaming request gets a clear 400 rather than a wrong shape. */
    static void rejectStreaming(JsonNode body) {
        if (body.path("stream").asBoolean(false)) {
            throw new InvalidRequest("provider-sim does not stream: send \"stream\": false or leave it out", "stream");
        }
    }

    static Integer optionalInt(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > Integer.MAX_VALUE) {
            throw new InvalidRequest(
                    "Invalid '" + field + "': integer below minimum value. Expected a value >= 1, but got " + node
                            + " instead.",
                    field);
        }
        return node.asInt();
    }
}
