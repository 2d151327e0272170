package dev.conveyor.bench.baseline;

import dev.conveyor.schemas.CompletionRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider call both baselines make: the same OpenAI Chat Completions request the product
 * sends (model, messages, {@code max_completion_tokens}, temperature, Bearer key, request id
 * header), blocking, over one shared JDK HTTP client configured as the product's is.
 */
public final class OpenAiCall {

    private final URI endpoint;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final JsonMapper json = JsonMapper.builder().build();

    public OpenAiCall(String baseUrl, String apiKey, Duration timeout) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/chat/completions");
        this.authorization = "Bearer " + apiKey;
        this.timeout = timeout;
    }

    /** The provider's answer, or {@link CallFailed} for an error status or a broken call. */
    public Answer complete(CompletionRequest job, String model, String requestId) throws CallFailed {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .header("X-Client-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body(job, model))))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CallFailed(model + " call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed(model + " call interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new CallFailed(model + " answered HTTP " + response.statusCode(), null);
        }
        JsonNode root = json.readTree(response.body());
        JsonNode choice = root.path("choices").path(0);
        JsonNode usage = root.path("usage");
        return new Answer(
                choice.path("message").path("content").asString(""),
                choice.path("finish_reason").asString("stop"),
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0),
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
    }

    private static Map<String, Object> body(CompletionRequest job, String model) {
        List<Map<String, String>> messages = new ArrayList<>();
        if (job.getSystemPrompt() != null && !job.getSystemPrompt().isBlank()) {
            messages.add(Map.of("role", "system", "content", job.getSystemPrompt()));
        }
        job.getMessages().forEach(m -> messages.add(Map.of("role", m.getRole(), "content", m.getContent())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", messages);
        body.put("max_completion_tokens", job.getMaxTokens());
        if (job.getTemperature() != null) {
            body.put("temperature", job.getTemperature());
        }
        return body;
    }

    public record Answer(
            String content, String finishReason, long inputTokens, long outputTokens, long cachedInputTokens) {}

    /** The call did not produce an answer; the caller moves on to its fallback. */
    public static final class CallFailed extends Exception {
        public CallFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
