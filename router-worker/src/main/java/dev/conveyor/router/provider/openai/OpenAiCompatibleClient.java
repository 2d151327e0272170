package dev.conveyor.router.provider.openai;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.HttpAnswer;
import dev.conveyor.router.provider.HttpCalls;
import dev.conveyor.router.provider.HttpTransport;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.RateLimitHeaders;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's Chat Completions protocol, spoken also by Azure OpenAI, Mistral, Together, vLLM and
 * Ollama: configured per provider with base URL, path and auth header.
 */
public final class OpenAiCompatibleClient implements ProviderClient {

    private final String name;
    private final String endpoint;
    private final String authHeader;
    private final String authValue;
    private final HttpTransport http;
    private final JsonMapper json;

    public OpenAiCompatibleClient(String name, RouterSettings.Provider provider, HttpTransport http, JsonMapper json) {
        this.name = name;
        this.endpoint = stripSlash(provider.baseUrl()) + provider.path();
        this.authHeader = provider.authHeader();
        this.authValue = provider.apiKey() == null ? null : provider.authPrefix() + provider.apiKey();
        this.http = http;
        this.json = json;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Completion complete(ProviderCall call) throws ProviderException {
        // Azure OpenAI names the deployment in the path: /openai/deployments/{model}/chat/completions
        URI uri = URI.create(endpoint.replace("{model}", call.model()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Client-Request-Id", call.requestId());
        call.markProbe(headers);
        if (authValue != null) {
            headers.put(authHeader, authValue);
        }
        HttpAnswer response = http.postJson(uri, headers, json.writeValueAsString(body(call)), name);
        if (!response.successful()) {
            throw OpenAiErrors.toException(response, json);
        }
        return parse(response.body(), HttpCalls.rateLimits(response, Clock.systemUTC()));
    }

    private Map<String, Object> body(ProviderCall call) {
        List<Map<String, String>> messages = new ArrayList<>();
        if (call.systemPrompt() != null && !call.systemPrompt().isBlank()) {
            messages.add(Map.of("role", "system", "content", call.systemPrompt()));
        }
        call.messages().forEach(m -> messages.add(Map.of("role", m.role(), "content", m.content())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", call.model());
        body.put("messages", messages);
        body.put("max_completion_tokens", call.maxTokens());
        if (call.temperature() != null) {
            body.put("temperature", call.temperature());
        }
        return body;
    }

    private Completion parse(String body, RateLimitHeaders rateLimits) throws ProviderException {
        try {
            JsonNode root = json.readTree(body);
            JsonNode choice = root.path("choices").path(0);
            String finishReason = choice.path("finish_reason").asString("stop");
            JsonNode usage = root.path("usage");
            return new Completion(
                    choice.path("message").path("content").asString(""),
                    finishReason,
                    usage.path("prompt_tokens").asLong(0),
                    usage.path("completion_tokens").asLong(0),
                    usage.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                    rateLimits);
        } catch (JacksonException e) {
            throw new ProviderException(ErrorType.SERVER_ERROR, name + " answered a body that is not JSON", e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
