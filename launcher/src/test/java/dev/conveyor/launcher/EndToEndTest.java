package dev.conveyor.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.schemas.EventIds;
import dev.conveyor.sim.LedgerEntry;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One job through all three services, on a real broker, registry and PostgreSQL, against the simulator. */
class EndToEndTest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static ConveyorStack stack;

    @BeforeAll
    static void start() {
        stack = ConveyorStack.start(Infrastructure.shared(), 0, Map.of(), true);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aJobTravelsFromHttpToABilledResult() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        HttpResponse<String> accepted = post("/v1/jobs", """
                {"tenant_id":"%s","task_type":"code_analysis","max_tokens":300,
                 "messages":[{"role":"user","content":"Review class OrderService for thread safety"}]}
                """.formatted(tenant));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String jobId = json.readTree(accepted.body()).path("job_id").asString();
        assertThat(jobId).isNotBlank();

        JsonNode job = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> get("/v1/jobs/" + jobId),
                        j -> "succeeded".equals(j.path("status").asString()));
        assertThat(job.path("content").asString()).isNotBlank();
        assertThat(job.path("provider").asString()).isEqualTo("openai");
        assertThat(job.path("model").asString()).isEqualTo("gpt-4.1-mini");
        long input = job.path("usage").path("input_tokens").asLong();
        long output = job.path("usage").path("output_tokens").asLong();
        assertThat(input).isPositive();
        assertThat(output).isPositive();
        BigDecimal cost = job.path("cost_usd").decimalValue();
        BigDecimal expected = new BigDecimal("0.40")
                .multiply(BigDecimal.valueOf(input))
                .add(new BigDecimal("1.60").multiply(BigDecimal.valueOf(output)))
                .divide(BigDecimal.valueOf(1_000_000));
        assertThat(cost).isEqualByComparingTo(expected);

        JsonNode usage = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> get("/v1/usage?tenant=" + tenant),
                        u -> u.path("requests").asLong() == 1);
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(input);
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(output);
        assertThat(new BigDecimal(usage.path("cost_usd").asString())).isEqualByComparingTo(cost);

        String callId = EventIds.forCall(jobId, 0, "openai", "gpt-4.1-mini");
        LedgerEntry charged = stack.simulator().ledger().stream()
                .filter(e -> callId.equals(e.requestId()))
                .findFirst()
                .orElseThrow();
        assertThat(charged.inputTokens()).isEqualTo(input);
        assertThat(charged.outputTokens()).isEqualTo(output);
    }

    @Test
    void aBadJobIsAProblemThatNamesTheField() throws Exception {
        HttpResponse<String> response = post("/v1/jobs", """
                {"tenant_id":"t1","task_type":"code_analysis","temperature":3.5,
                 "messages":[{"role":"user","content":"hi"}]}
                """);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).path("field").asString()).isEqualTo("/temperature");
    }

    @Test
    void anUnknownJobIsNotFound() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/jobs/nope"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json.readTree(response.body()) : json.createObjectNode();
    }
}
