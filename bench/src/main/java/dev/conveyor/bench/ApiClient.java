package dev.conveyor.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * producer-api as a client that keeps trying sees it: every call that fails in any way (the process
 * killed mid-upload, a 503 while Kafka or PostgreSQL is away, a refused connection while it
 * restarts) is sent again, with the same {@code Idempotency-Key}, until it is accepted or the
 * deadline passes.
 */
final class ApiClient {

    private static final Duration PAUSE = Duration.ofMillis(500);

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger retries = new AtomicInteger();

    ApiClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    boolean healthy() {
        try {
            return send(HttpRequest.newBuilder(base.resolve("/actuator/health")).GET(), Duration.ofSeconds(2))
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates the tenant (or finds it) and issues a key for it; answers the key. */
    String tenantKey(String adminKey, String tenant, Duration deadline) {
        accepted(
                json("/v1/admin/tenants", adminKey, null, "{\"id\":\"" + tenant + "\",\"name\":\"" + tenant + "\"}"),
                deadline,
                409);
        JsonNode key = Json.read(accepted(
                json("/v1/admin/tenants/" + tenant + "/keys", adminKey, null, "{\"name\":\"bench\"}"), deadline));
        return key.path("key").asString();
    }

    /** Posts a batch (a JSON array of job bodies) until it is accepted; answers the batch object. */
    JsonNode submitBatch(String key, String idempotencyKey, String jobs, Duration deadline) {
        return Json.read(accepted(json("/v1/batches", key, idempotencyKey, jobs), deadline));
    }

    JsonNode batch(String key, String id, Duration deadline) {
        return Json.read(accepted(
                HttpRequest.newBuilder(base.resolve("/v1/batches/" + id))
                        .header("Authorization", "Bearer " + key)
                        .GET(),
                deadline));
    }

    /** Calls sent again after a failure, over this client's life. */
    int retries() {
        return retries.get();
    }

    private HttpRequest.Builder json(String path, String key, String idempotencyKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    /** The body of the first 2xx answer (or one of {@code alsoFine}); every other outcome is retried. */
    private String accepted(HttpRequest.Builder request, Duration deadline, int... alsoFine) {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "no answer";
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> response = send(request, Duration.ofSeconds(60));
                int status = response.statusCode();
                if (status / 100 == 2 || java.util.Arrays.stream(alsoFine).anyMatch(s -> s == status)) {
                    return response.body();
                }
                last = "HTTP " + status + ": " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            retries.incrementAndGet();
            Workers.Pause.millis(PAUSE.toMillis());
        }
        throw new IllegalStateException(
                request.build().uri() + " was not accepted within " + deadline.toSeconds() + " s; last: " + last);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) throws IOException {
        try {
            return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling producer-api", e);
        }
    }
}
