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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} with {@code x-api-key} and {@code anthropic-version}. A prompt
 * prefix marked with {@code cache_control} is reported as cache creation on first use and as a cache read after.
 */
public final class AnthropicDialect implements Dialect {

    @Override
    public Protocol protocol() {
        return Protocol.ANTHROPIC;
    }

    @Override
    public String apiKey(SimRequest request) {
        return request.nonBlankHeader("x-api-key");
    }

    @Override
    public SimError precheck(SimRequest request) {
        return request.nonBlankHeader("anthropic-version") == null
                ? new SimError.BadRequest("anthropic-version: header is required", null)
                : null;
    }

    @Override
    public String requestIdHeader() {
        return "request-id";
    }

    @Override
    public CompletionCall parse(SimRequest request) {
        JsonNode body = ChatMessages.body(request, "There was an issue with your request body: it is not valid JSON.");
        ChatMessages.rejectStreaming(body);
        String model = body.path("model").asString("");
        if (model.isEmpty()) {
            throw new InvalidRequest("model: Field required", "model");
        }
        if (!body.has("max_tokens")) {
            throw new InvalidRequest("max_tokens: Field required", "max_tokens");
        }
        Integer maxTokens = ChatMessages.optionalInt(body, "max_tokens");
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new InvalidRequest("messages: at least one message is required", "messages");
        }
        var blocks = new ArrayList<Block>();
        system(body.get("system"), blocks);
        for (JsonNode message : messages) {
            content(message.get("content"), blocks);
        }
        return call(apiKey(request), model, maxTokens, blocks);
    }

    /** One text block of the prompt, and whether the caller marked the prompt up to here for caching. */
    private record Block(String text, boolean cacheBreakpoint) {}

    private static CompletionCall call(String apiKey, String model, Integer maxTokens, List<Block> blocks) {
        var texts = blocks.stream().map(Block::text).toList();
        int lastBreakpoint = -1;
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).cacheBreakpoint()) {
                lastBreakpoint = i;
            }
        }
        String prefix = lastBreakpoint < 0 ? null : String.join("\n", texts.subList(0, lastBreakpoint + 1));
        return new CompletionCall(
                apiKey,
                model,
                String.join("\n", texts),
                ChatMessages.promptTokens(texts),
                maxTokens,
                prefix,
                lastBreakpoint >= 0);
    }

    private static void system(JsonNode system, List<Block> blocks) {
        if (system == null || system.isNull()) {
            return;
        }
        content(system, blocks);
    }

    private static void content(JsonNode content, List<Block> blocks) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isString()) {
            blocks.add(new Block(content.asString(), false));
            return;
        }
        for (JsonNode block : content) {
            if (block.has("text")) {
                blocks.add(new Block(block.get("text").asString(), block.has("cache_control")));
            }
        }
    }

    @Override
    public String modelHint(SimRequest request) {
        return ChatMessages.bodyModel(request);
    }

    @Override
    public SimResponse completion(Completion completion) {
        var body = Json.object()
                .put("id", Ids.random("msg_01"))
                .put("type", "message")
                .put("role", "assistant")
                .put("model", completion.model());
        var content = body.putArray("content");
        if (!completion.content().isEmpty()) {
            content.addObject().put("type", "text").put("text", completion.content());
        }
        body.put("stop_reason", finishReason(completion.finishReason())).putNull("stop_sequence");
        int uncached = completion.promptTokens() - completion.cachedTokens() - completion.cacheCreationTokens();
        var usage = body.putObject("usage")
                .put("input_tokens", uncached)
                .put("cache_creation_input_tokens", completion.cacheCreationTokens())
                .put("cache_read_input_tokens", completion.cachedTokens());
        usage.putObject("cache_creation")
                .put("ephemeral_5m_input_tokens", completion.cacheCreationTokens())
                .put("ephemeral_1h_input_tokens", 0);
        usage.put("output_tokens", completion.completionTokens()).put("service_tier", "standard");
        return SimResponse.json(200, Json.bytes(body));
    }

    @Override
    public String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> "end_turn";
            case LENGTH -> "max_tokens";
            case CONTENT_FILTER -> "refusal";
        };
    }

    @Override
    public SimResponse error(SimError error, String requestId) {
        return AnthropicErrors.of(error, requestId);
    }

    @Override
    public Map<String, String> rateLimitHeaders(RateLimitState state) {
        return RateLimitHeaders.of(
                state,
                state.resetAt().toString(),
                (dimension, field) -> "anthropic-ratelimit-" + dimension + "-" + field);
    }
}
