package dev.conveyor.sim.dialect;

import dev.conveyor.sim.Protocol;
import dev.conveyor.sim.engine.Completion;
import dev.conveyor.sim.engine.CompletionCall;
import dev.conveyor.sim.engine.FinishReason;
import dev.conveyor.sim.engine.InvalidRequest;
import dev.conveyor.sim.engine.SimError;
import dev.conveyor.sim.ratelimit.RateLimitState;
import dev.conveyor.sim.server.Ids;
import dev.conveyor.sim.server.Json;
import dev.conveyor.sim.server.SimRequest;
import dev.conveyor.sim.server.SimResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/** OpenAI's Chat Completions API: {@code POST /v1/chat/completions} with {@code Authorization: Bearer KEY}. */
public final class OpenAiDialect implements Dialect {

    private final Clock clock;

    OpenAiDialect(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI;
    }

    @Override
    public String apiKey(SimRequest request) {
        String authorization = request.nonBlankHeader("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = authorization.substring(7).strip();
        return key.isEmpty() ? null : key;
    }

    @Override
    public CompletionCall parse(SimRequest request) {
        return parse(request, null);
    }

    /** Reads a chat completion body; {@code pathModel} (Azure's deployment) wins over the body's model. */
    CompletionCall parse(SimRequest request, String pathModel) {
        JsonNode body = ChatMessages.body(
                request,
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your"
                        + " HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was"
                        + " not valid JSON.)");
        ChatMessages.rejectStreaming(body);
        String model = pathModel != null ? pathModel : body.path("model").asString("");
        if (model.isEmpty()) {
            throw new InvalidRequest("you must provide a model parameter", "model");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new InvalidRequest(
                    "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty"
                            + " array instead.",
                    "messages");
        }
        var texts = new ArrayList<String>();
        for (JsonNode message : messages) {
            texts.add(ChatMessages.text(message.get("content")));
        }
        Integer maxTokens = ChatMessages.optionalInt(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = ChatMessages.optionalInt(body, "max_tokens");
        }
        return ChatMessages.call(apiKey(request), model, texts, maxTokens);
    }

    @Override
    public String modelHint(SimRequest request) {
        return ChatMessages.bodyModel(request);
    }

    @Override
    public SimResponse completion(Completion completion) {
        return SimResponse.json(200, Json.write(json -> write(json, completion)));
    }

    private void write(JsonGenerator json, Completion completion) {
        json.writeStartObject();
        json.writeStringProperty("id", Ids.random("chatcmpl-"));
        json.writeStringProperty("object", "chat.completion");
        json.writeNumberProperty("created", clock.millis() / 1000);
        json.writeStringProperty("model", completion.model());
        json.writeArrayPropertyStart("choices");
        json.writeStartObject();
        json.writeNumberProperty("index", 0);
        json.writeObjectPropertyStart("message");
        json.writeStringProperty("role", "assistant");
        json.writeStringProperty("content", completion.content());
        json.writeNullProperty("refusal");
        json.writeArrayPropertyStart("annotations");
        json.writeEndArray();
        json.writeEndObject();
        json.writeNullProperty("logprobs");
        json.writeStringProperty("finish_reason", finishReason(completion.finishReason()));
        json.writeEndObject();
        json.writeEndArray();
        usage(json, completion);
        json.writeStringProperty("service_tier", "default");
        json.writeNullProperty("system_fingerprint");
        json.writeEndObject();
    }

    private static void usage(JsonGenerator json, Completion completion) {
        json.writeObjectPropertyStart("usage");
        json.writeNumberProperty("prompt_tokens", completion.promptTokens());
        json.writeNumberProperty("completion_tokens", completion.completionTokens());
        json.writeNumberProperty("total_tokens", completion.promptTokens() + completion.completionTokens());
        json.writeObjectPropertyStart("prompt_tokens_details");
        json.writeNumberProperty("cached_tokens", completion.cachedTokens());
        json.writeNumberProperty("audio_tokens", 0);
        json.writeEndObject();
        json.writeObjectPropertyStart("completion_tokens_details");
        json.writeNumberProperty("reasoning_tokens", 0);
        json.writeNumberProperty("audio_tokens", 0);
        json.writeNumberProperty("accepted_prediction_tokens", 0);
        json.writeNumberProperty("rejected_prediction_tokens", 0);
        json.writeEndObject();
        json.writeEndObject();
    }

    @Override
    public String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
        };
    }

    @Override
    public SimResponse error(SimError error, String requestId) {
        return OpenAiErrors.of(error, requestId);
    }

    @Override
    public Map<String, String> rateLimitHeaders(RateLimitState state) {
        return RateLimitHeaders.of(
                state,
                OpenAiDurations.format(state.resetIn()),
                (dimension, field) -> "x-ratelimit-" + field + "-" + dimension);
    }
}
