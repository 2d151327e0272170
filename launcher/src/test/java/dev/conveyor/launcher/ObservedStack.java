package dev.conveyor.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.embedded.Infrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system once per test JVM for the tests that look at it from outside (the console in a
 * browser, the Grafana dashboards against the services' metrics), with a provider rate limit so
 * rate-limit use has something to show. Stopped when the JVM exits.
 */
final class ObservedStack {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static volatile ConveyorStack stack;

    private ObservedStack() {}

    static synchronized ConveyorStack get() {
        if (stack == null) {
            ConveyorStack started = ConveyorStack.start(
                    Infrastructure.shared(),
                    0,
                    Map.of(),
                    true,
                    List.of(
                            "--conveyor.router.rate-limits.providers.openai.requests-per-minute=6000",
                            "--conveyor.router.rate-limits.providers.openai.tokens-per-minute=20000000",
                            "--conveyor.router.circuit.failure-threshold=2",
                            "--conveyor.router.circuit.cool-down=3s",
                            "--conveyor.router.circuit.probe-interval=1s",
                            "--management.endpoints.web.exposure.include=health,prometheus,circuits,providers"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "observed-stack-stop"));
            stack = started;
        }
        return stack;
    }

    /** Creates a tenant through the admin API and returns a new API key for it. */
    static String newTenantKey(String tenant) throws Exception {
        ConveyorStack s = get();
        assertThat(post(
                                s.apiUrl() + "/v1/admin/tenants",
                                s.adminKey(),
                                "{\"id\":\"" + tenant + "\",\"name\":\"" + tenant + "\"}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> issued = post(s.apiUrl() + "/v1/admin/tenants/" + tenant + "/keys", s.adminKey(), "{}");
        return JSON.readTree(issued.body()).path("key").asString();
    }

    static HttpResponse<String> post(String url, String bearer, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> put(String url, String bearer, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode getJson(String url, String bearer) throws Exception {
        HttpResponse<String> response = get(url, bearer);
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
