package dev.conveyor.router.provider.openai;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.HttpAnswer;
import dev.conveyor.router.provider.HttpCalls;
import dev.conveyor.router.provider.HttpTransport;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.ProviderHttp;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's Chat Completions protocol, spoken also by Azure OpenAI, Mistral, Together, vLLM and
 * Ollama: configured per provider with base URL, path and auth header.
 */
public final class OpenAiCompatibleClient implements ProviderClient {

    private final ProviderHttp http;
    private final String endpoint;
    private final String authHeader;
    private final String authValue;
    /** {@code max_completion_tokens} (OpenAI, Azure) or {@code max_tokens} (Mistral refuses the former; Ollama, vLLM, Together document the latter). */
    private final String maxTokensField;

    public OpenAiCompatibleClient(String name, RouterSettings.Provider provider, HttpTransport http, JsonMapper json) {
        this.http = new ProviderHttp(name, http, json, OpenAiErrors::toException);
        this.endpoint = ProviderHttp.stripSlash(provider.baseUrl()) + provider.path();
        this.authHeader = provider.authHeader();
        this.authValue = provider.apiKey() == null ? null : provider.authPrefix() + provider.apiKey();
        this.maxTokensField = provider.maxTokensField();
    }

    @Override
    public String name() {
        return http.provider();
    }

    @Override
    public Completion complete(ProviderCall call) throws ProviderException {
        // Azure OpenAI names the deployment in the path: /openai/deployments/{model}/chat/completions
        URI uri = URI.create(endpoint.replace("{model}", call.model()));
        Map<String, String> headers = ProviderHttp.identify(new LinkedHashMap<>(), call);
        if (authValue != null) {
            headers.put(authHeader, authValue);
        }
        return http.post(uri, headers, body(call), OpenAiCompatibleClient::parse);
    }

    Map<String, Object> body(ProviderCall call) {
        List<Map<String, String>> messages = new ArrayList<>();
        if (call.systemPrompt() != null && !call.systemPrompt().isBlank()) {
            messages.add(Map.of("role", "system", "content", call.systemPrompt()));
        }
        call.messages().forEach(m -> messages.add(Map.of("role", m.role(), "content", m.content())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", call.model());
        body.put("messages", messages);
        body.put(maxTokensField, call.maxTokens());
        if (call.temperature() != null) {
            body.put("temperature", call.temperature());
        }
        return body;
    }

    static Completion parse(JsonNode root, HttpAnswer response) {
        JsonNode choice = root.path("choices").path(0);
        String finishReason = choice.path("finish_reason").asString("stop");
        JsonNode usage = root.path("usage");
        return new Completion(
                choice.path("message").path("content").asString(""),
                finishReason,
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0),
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                HttpCalls.rateLimits(response, Clock.systemUTC()));
    }
}
