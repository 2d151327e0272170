package dev.conveyor.sim;

import dev.conveyor.sim.server.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** A real HTTP client against a started simulator, for tests. */
final class SimClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;

    SimClient(ProviderSimulator simulator) {
        this.baseUrl = simulator.baseUrl();
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return post(path, body, Duration.ofSeconds(10), headers);
    }

    HttpResponse<String> post(String path, String body, Duration timeout, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.MAPPER.readTree(response.body());
    }

    static String chat(String model, String prompt) {
        return Json.MAPPER.writeValueAsString(java.util.Map.of(
                "model", model, "messages", java.util.List.of(java.util.Map.of("role", "user", "content", prompt))));
    }

    static String chat(String model, String prompt, int maxTokens) {
        return Json.MAPPER.writeValueAsString(java.util.Map.of(
                "model",
                model,
                "max_tokens",
                maxTokens,
                "messages",
                java.util.List.of(java.util.Map.of("role", "user", "content", prompt))));
    }
}
