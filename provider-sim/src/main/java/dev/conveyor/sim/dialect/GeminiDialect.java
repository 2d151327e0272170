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
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemini's {@code POST /v1beta/models/{model}:generateContent} with {@code x-goog-api-key} (or {@code ?key=}). Errors
 * are Google RPC statuses; a call without a key is answered 403 PERMISSION_DENIED, as the Gemini API does. Gemini sends
 * no rate-limit headers: a 429 carries a {@code RetryInfo} detail with the delay, mirrored in {@code retry-after}.
 */
public final class GeminiDialect implements Dialect {

    static final String PATH_PREFIX = "/v1beta/models/";
    static final String PATH_SUFFIX = ":generateContent";

    @Override
    public Protocol protocol() {
        return Protocol.GEMINI;
    }

    @Override
    public String apiKey(SimRequest request) {
        String header = request.nonBlankHeader("x-goog-api-key");
        if (header != null) {
            return header;
        }
        String query = request.query().get("key");
        return query == null || query.isBlank() ? null : query;
    }

    @Override
    public String modelHint(SimRequest request) {
        String path = request.path();
        return path.substring(path.lastIndexOf('/') + 1, path.length() - PATH_SUFFIX.length());
    }

    @Override
    public CompletionCall parse(SimRequest request) {
        String model = modelHint(request);
        JsonNode body = ChatMessages.body(request, "Invalid JSON payload received.");
        JsonNode contents = body.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            throw new InvalidRequest("* GenerateContentRequest.contents: contents is not specified\n", "contents");
        }
        var texts = new ArrayList<String>();
        JsonNode system = body.path("systemInstruction").path("parts");
        if (system.isArray() && !system.isEmpty()) {
            texts.add(ChatMessages.text(system));
        }
        for (JsonNode content : contents) {
            texts.add(ChatMessages.text(content.get("parts")));
        }
        Integer maxTokens = ChatMessages.optionalInt(body.path("generationConfig"), "maxOutputTokens");
        return ChatMessages.call(apiKey(request), model, texts, maxTokens);
    }

    @Override
    public SimResponse completion(Completion completion) {
        var body = Json.object();
        var candidate = body.putArray("candidates").addObject();
        if (completion.finishReason() == FinishReason.CONTENT_FILTER) {
            candidate.put("finishReason", "SAFETY").put("index", 0);
            safetyRatings(candidate);
        } else {
            var content = candidate.putObject("content");
            content.putArray("parts").addObject().put("text", completion.content());
            content.put("role", "model");
            candidate
                    .put("finishReason", finishReason(completion.finishReason()))
                    .put("index", 0);
        }
        var usage = body.putObject("usageMetadata")
                .put("promptTokenCount", completion.promptTokens())
                .put("candidatesTokenCount", completion.completionTokens())
                .put("totalTokenCount", completion.promptTokens() + completion.completionTokens());
        if (completion.cachedTokens() > 0) {
            usage.put("cachedContentTokenCount", completion.cachedTokens());
        }
        usage.putArray("promptTokensDetails")
                .addObject()
                .put("modality", "TEXT")
                .put("tokenCount", completion.promptTokens());
        body.put("modelVersion", completion.model()).put("responseId", Ids.random(""));
        return SimResponse.json(200, Json.bytes(body));
    }

    private static void safetyRatings(ObjectNode candidate) {
        var ratings = candidate.putArray("safetyRatings");
        ratings.addObject()
                .put("category", "HARM_CATEGORY_DANGEROUS_CONTENT")
                .put("probability", "HIGH")
                .put("blocked", true);
        ratings.addObject().put("category", "HARM_CATEGORY_HARASSMENT").put("probability", "NEGLIGIBLE");
        ratings.addObject().put("category", "HARM_CATEGORY_HATE_SPEECH").put("probability", "NEGLIGIBLE");
        ratings.addObject().put("category", "HARM_CATEGORY_SEXUALLY_EXPLICIT").put("probability", "NEGLIGIBLE");
    }

    @Override
    public String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> "STOP";
            case LENGTH -> "MAX_TOKENS";
            case CONTENT_FILTER -> "SAFETY";
        };
    }

    @Override
    public SimResponse error(SimError error, String requestId) {
        return GeminiErrors.of(error, requestId);
    }

    @Override
    public Map<String, String> rateLimitHeaders(RateLimitState state) {
        return Map.of();
    }
}
