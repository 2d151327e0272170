package dev.conveyor.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP calls to the API under test. */
public final class Api {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public Api(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Reply(int status, HttpResponse<String> raw) {

        public JsonNode json() {
            return Api.json.readTree(raw.body());
        }

        public String body() {
            return raw.body();
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }
    }

    public Call call(String method, String path) {
        return new Call(method, path);
    }

    public Reply get(String path, String key) {
        return call("GET", path).key(key).send();
    }

    public Reply post(String path, String key, String jsonBody) {
        return call("POST", path).key(key).json(jsonBody).send();
    }

    public final class Call {
        private final HttpRequest.Builder request;
        private final String method;
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Call(String method, String path) {
            this.method = method;
            this.request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120));
        }

        public Call key(String key) {
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            return this;
        }

        public Call header(String name, String value) {
            request.header(name, value);
            return this;
        }

        public Call json(String text) {
            return body("application/json", text);
        }

        public Call body(String contentType, String text) {
            request.header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofString(text);
            return this;
        }

        public Call body(String contentType, byte[] bytes) {
            request.header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        public Reply send() {
            try {
                HttpResponse<String> response =
                        http.send(request.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
