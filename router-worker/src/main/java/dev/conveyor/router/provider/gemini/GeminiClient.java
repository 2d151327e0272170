package dev.conveyor.router.provider.gemini;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.HttpAnswer;
import dev.conveyor.router.provider.HttpTransport;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Google Gemini's {@code POST /v1beta/models/{model}:generateContent} with {@code x-goog-api-key}. */
public final class GeminiClient implements ProviderClient {

    private static final Set<String> FILTERED =
            Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

    private final String name;
    private final String base;
    private final String apiKey;
    private final HttpTransport http;
    private final JsonMapper json;

    public GeminiClient(String name, RouterSettings.Provider provider, HttpTransport http, JsonMapper json) {
        this.name = name;
        this.base = provider.baseUrl().endsWith("/")
                ? provider.baseUrl().substring(0, provider.baseUrl().length() - 1)
                : provider.baseUrl();
        this.apiKey = provider.apiKey();
        this.http = http;
        this.json = json;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Completion complete(ProviderCall call) throws ProviderException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-goog-api-key", apiKey == null ? "" : apiKey);
        headers.put("X-Client-Request-Id", call.requestId());
        call.markProbe(headers);
        HttpAnswer response = http.postJson(
                URI.create(base + "/v1beta/models/" + call.model() + ":generateContent"),
                headers,
                json.writeValueAsString(body(call)),
                name);
        if (!response.successful()) {
            throw GeminiErrors.toException(response, json);
        }
        return parse(response.body());
    }

    private static Map<String, Object> body(ProviderCall call) {
        List<Map<String, Object>> contents = new ArrayList<>();
        StringBuilder system = new StringBuilder(call.systemPrompt() == null ? "" : call.systemPrompt());
        for (ProviderCall.Message m : call.messages()) {
            if ("system".equals(m.role())) {
                system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
            } else {
                String role = "assistant".equals(m.role()) ? "model" : "user";
                contents.add(Map.of("role", role, "parts", List.of(Map.of("text", m.content()))));
            }
        }
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("maxOutputTokens", call.maxTokens());
        if (call.temperature() != null) {
            generation.put("temperature", call.temperature());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (!system.isEmpty()) {
            body.put("systemInstruction", Map.of("parts", List.of(Map.of("text", system.toString()))));
        }
        body.put("contents", contents);
        body.put("generationConfig", generation);
        return body;
    }

    private Completion parse(String body) throws ProviderException {
        try {
            JsonNode root = json.readTree(body);
            JsonNode candidate = root.path("candidates").path(0);
            StringBuilder text = new StringBuilder();
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (!part.path("thought").asBoolean(false)) {
                    text.append(part.path("text").asString(""));
                }
            }
            String blocked = root.path("promptFeedback").path("blockReason").asString("");
            String finish = blocked.isEmpty() ? candidate.path("finishReason").asString("STOP") : "SAFETY";
            JsonNode usage = root.path("usageMetadata");
            return new Completion(
                    text.toString(),
                    finishReason(finish),
                    usage.path("promptTokenCount").asLong(0),
                    // thinking tokens are billed as output
                    usage.path("candidatesTokenCount").asLong(0)
                            + usage.path("thoughtsTokenCount").asLong(0),
                    usage.path("cachedContentTokenCount").asLong(0));
        } catch (JacksonException e) {
            throw new ProviderException(ErrorType.SERVER_ERROR, name + " answered a body that is not JSON", e);
        }
    }

    /** Gemini's finish reasons in OpenAI's vocabulary, which results use throughout. */
    static String finishReason(String finishReason) {
        if (FILTERED.contains(finishReason)) {
            return "content_filter";
        }
        return "MAX_TOKENS".equals(finishReason) ? "length" : "stop";
    }
}
