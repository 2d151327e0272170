package dev.conveyor.router.provider.gemini;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.HttpAnswer;
import dev.conveyor.router.provider.HttpTransport;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.ProviderHttp;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Google Gemini's {@code POST /v1beta/models/{model}:generateContent} with {@code x-goog-api-key}. */
public final class GeminiClient implements ProviderClient {

    private static final Set<String> FILTERED =
            Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

    private final ProviderHttp http;
    private final String base;
    private final String apiKey;

    public GeminiClient(String name, RouterSettings.Provider provider, HttpTransport http, JsonMapper json) {
        this.http = new ProviderHttp(name, http, json, GeminiErrors::toException);
        this.base = ProviderHttp.stripSlash(provider.baseUrl());
        this.apiKey = provider.apiKey();
    }

    @Override
    public String name() {
        return http.provider();
    }

    @Override
    public Completion complete(ProviderCall call) throws ProviderException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-goog-api-key", apiKey == null ? "" : apiKey);
        return http.post(
                URI.create(base + "/v1beta/models/" + call.model() + ":generateContent"),
                ProviderHttp.identify(headers, call),
                body(call),
                GeminiClient::parse);
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
        if (contents.isEmpty()) {
            // a job of system text alone: Gemini needs at least one content
            contents.add(Map.of("role", "user", "parts", List.of(Map.of("text", system.toString()))));
            system.setLength(0);
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

    /** Gemini's answer; its rate-limit headers are not read. */
    private static Completion parse(JsonNode root, HttpAnswer response) throws ProviderException {
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
        if (text.isEmpty() && "MAX_TOKENS".equals(finish)) {
            throw new ProviderException(
                    ErrorType.INCOMPLETE,
                    response.status(),
                    "no answer: thinking used the whole maxOutputTokens ("
                            + usage.path("thoughtsTokenCount").asLong(0) + " thought tokens)",
                    null);
        }
        return new Completion(
                text.toString(),
                finishReason(finish),
                usage.path("promptTokenCount").asLong(0),
                // thinking tokens are billed as output
                usage.path("candidatesTokenCount").asLong(0)
                        + usage.path("thoughtsTokenCount").asLong(0),
                usage.path("cachedContentTokenCount").asLong(0));
    }

    /** Gemini's finish reasons in OpenAI's vocabulary, which results use throughout. */
    static String finishReason(String finishReason) {
        if (FILTERED.contains(finishReason)) {
            return "content_filter";
        }
        return "MAX_TOKENS".equals(finishReason) ? "length" : "stop";
    }
}
