package dev.conveyor.router.provider.anthropic;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
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

/** Anthropic's Messages API ({@code POST /v1/messages}, {@code x-api-key}, {@code anthropic-version}). */
public final class AnthropicClient implements ProviderClient {

    static final String API_VERSION = "2023-06-01";

    private final ProviderHttp http;
    private final URI endpoint;
    private final String apiKey;
    private final CacheBreakpoints breakpoints;

    public AnthropicClient(String name, RouterSettings.Provider provider, HttpTransport http, JsonMapper json) {
        this.http = new ProviderHttp(name, http, json, AnthropicErrors::toException);
        this.endpoint = URI.create(ProviderHttp.stripSlash(provider.baseUrl()) + "/v1/messages");
        this.apiKey = provider.apiKey();
        this.breakpoints = new CacheBreakpoints(provider.promptCacheMinTokens());
    }

    @Override
    public String name() {
        return http.provider();
    }

    @Override
    public Completion complete(ProviderCall call) throws ProviderException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", apiKey == null ? "" : apiKey);
        headers.put("anthropic-version", API_VERSION);
        return http.post(endpoint, ProviderHttp.identify(headers, call), body(call), AnthropicClient::parse);
    }

    Map<String, Object> body(ProviderCall call) {
        List<Map<String, Object>> messages = new ArrayList<>();
        StringBuilder system = new StringBuilder(call.systemPrompt() == null ? "" : call.systemPrompt());
        for (ProviderCall.Message m : call.messages()) {
            if ("system".equals(m.role())) {
                system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
            } else {
                messages.add(Map.of("role", m.role(), "content", m.content()));
            }
        }
        if (messages.isEmpty()) {
            // a job of system text alone: Anthropic needs at least one message
            messages.add(Map.of("role", "user", "content", system.toString()));
            system.setLength(0);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", call.model());
        body.put("max_tokens", call.maxTokens());
        if (!system.isEmpty()) {
            body.put("system", breakpoints.onSystem(system.toString()) ? marked(system.toString()) : system.toString());
        }
        int prefixEnd = breakpoints.prefixEnd(
                system.toString(),
                messages.stream().map(m -> (String) m.get("content")).toList());
        if (prefixEnd >= 0) {
            Map<String, Object> last = messages.get(prefixEnd);
            messages.set(prefixEnd, Map.of("role", last.get("role"), "content", marked((String) last.get("content"))));
        }
        body.put("messages", messages);
        if (call.temperature() != null) {
            // Anthropic accepts 0..1; the job's 0..2 scale is clamped.
            body.put("temperature", Math.min(1.0, call.temperature()));
        }
        return body;
    }

    /** The text as one content block with a cache breakpoint after it. */
    private static List<Map<String, Object>> marked(String text) {
        return List.of(Map.of("type", "text", "text", text, "cache_control", CacheBreakpoints.EPHEMERAL));
    }

    static Completion parse(JsonNode root, HttpAnswer response) throws ProviderException {
        if ("model_context_window_exceeded".equals(root.path("stop_reason").asString(""))) {
            throw new ProviderException(
                    ErrorType.CONTEXT_LENGTH,
                    response.status(),
                    "the answer was cut off at the model's context window (stop_reason model_context_window_exceeded)",
                    null);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : root.path("content")) {
            if ("text".equals(block.path("type").asString())) {
                text.append(block.path("text").asString(""));
            }
        }
        JsonNode usage = root.path("usage");
        long cacheRead = usage.path("cache_read_input_tokens").asLong(0);
        long cacheWrite = usage.path("cache_creation_input_tokens").asLong(0);
        // cache_creation splits the writes by lifetime: 5-minute writes cost 1.25x input, 1-hour ones 2x
        long cacheWrite1h =
                usage.path("cache_creation").path("ephemeral_1h_input_tokens").asLong(0);
        long uncached = usage.path("input_tokens").asLong(0);
        return new Completion(
                text.toString(),
                finishReason(root.path("stop_reason").asString("end_turn")),
                uncached + cacheRead + cacheWrite,
                usage.path("output_tokens").asLong(0),
                cacheRead,
                cacheWrite - Math.min(cacheWrite, cacheWrite1h),
                Math.min(cacheWrite, cacheWrite1h),
                HttpCalls.rateLimits(response, Clock.systemUTC()));
    }

    /** Anthropic's stop reasons in OpenAI's vocabulary, which results use throughout. */
    static String finishReason(String stopReason) {
        return switch (stopReason) {
            case "max_tokens" -> "length";
            case "refusal" -> "content_filter";
            case "tool_use" -> "tool_calls";
            default -> "stop";
        };
    }
}
