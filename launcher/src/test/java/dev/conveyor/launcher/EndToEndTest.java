package dev.conveyor.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.schemas.EventIds;
import dev.conveyor.sim.LedgerEntry;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs through all three services, on a real broker, registry and PostgreSQL, against the
 * simulator, authenticated with a tenant's API key that the admin API issued.
 */
class EndToEndTest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static ConveyorStack stack;
    private static String key;

    /**
     * The test JVM's one stack: two stacks on one broker would share the router's consumer group and
     * answer each other's jobs from their own simulators.
     */
    @BeforeAll
    static void start() throws Exception {
        stack = ObservedStack.get();
        key = ObservedStack.newTenantKey("tenant-" + UUID.randomUUID());
    }

    @Test
    void aJobTravelsFromHttpToABilledResult() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        String key = ObservedStack.newTenantKey(tenant);
        // This stack trips a circuit after two failures (ObservedStack): should another test's calls
        // have tripped the primary's, the job would rightly go to the fallback. Start from a closed one.
        String primaryKey = SimulatedRoutes.primary("code_analysis");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode circuit = json.readTree(
                            send(HttpRequest.newBuilder(URI.create(stack.routerUrl() + "/actuator/circuits"))
                                            .build())
                                    .body())
                    .path(primaryKey);
            return circuit.isMissingNode()
                    || "CLOSED".equals(circuit.path("state").asString());
        });
        HttpResponse<String> accepted = post("/v1/jobs", key, "application/json", """
                {"task_type":"code_analysis","max_tokens":300,
                 "messages":[{"role":"user","content":"Review class OrderService for thread safety"}]}
                """);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String jobId = json.readTree(accepted.body()).path("job_id").asString();
        assertThat(jobId).isNotBlank();

        JsonNode job = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> get("/v1/jobs/" + jobId, key),
                        j -> "succeeded".equals(j.path("status").asString()));
        assertThat(job.path("tenant_id").asString()).isEqualTo(tenant);
        assertThat(job.path("content").asString()).isNotBlank();
        // with the simulator standing in for every provider, code_analysis goes first to its route's primary
        String[] primary = SimulatedRoutes.primary("code_analysis").split("/");
        String provider = job.path("provider").asString();
        String model = job.path("model").asString();
        assertThat(provider + "/" + model).isEqualTo(primary[0] + "/" + primary[1]);
        long input = job.path("usage").path("input_tokens").asLong();
        long output = job.path("usage").path("output_tokens").asLong();
        assertThat(input).isPositive();
        assertThat(output).isPositive();
        BigDecimal cost = new BigDecimal(job.path("cost_usd").asString());
        BigDecimal expected = dev.conveyor.catalog.Catalog.load()
                .find(provider, model)
                .orElseThrow()
                .cost(
                        dev.conveyor.catalog.Tokens.of(
                                input,
                                job.path("usage").path("cached_input_tokens").asLong(),
                                output),
                        java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        assertThat(cost).isEqualByComparingTo(expected);

        JsonNode usage = await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/v1/usage", key), u -> u.path("requests").asLong() == 1);
        assertThat(usage.path("tenant").asString()).isEqualTo(tenant);
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(input);
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(output);
        assertThat(new BigDecimal(usage.path("cost_usd").asString())).isEqualByComparingTo(cost);

        String callId = EventIds.forCall(tenant, jobId, 0, provider, model);
        List<LedgerEntry> ledger = stack.simulator().ledger();
        LedgerEntry charged = ledger.stream()
                .filter(e -> callId.equals(e.requestId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no call " + callId + " in the simulator's ledger: " + ledger));
        assertThat(charged.inputTokens()).isEqualTo(input);
        assertThat(charged.outputTokens()).isEqualTo(output);
    }

    @Test
    void aJsonlBatchCompletesAndItsResultsAreInOpenAisOutputShape() throws Exception {
        String jsonl = """
                {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"messages":[{"role":"user","content":"Write tests for Cart"}],"max_tokens":200,"metadata":{"task_type":"test_generation"}}}
                {"custom_id":"b","method":"POST","url":"/v1/chat/completions","body":{"messages":[{"role":"user","content":"Review Cart"}],"max_tokens":200}}
                """;
        HttpResponse<String> accepted = post("/v1/batches", key, "application/jsonl", jsonl);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String batchId = json.readTree(accepted.body()).path("id").asString();

        JsonNode batch = await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> get("/v1/batches/" + batchId, key),
                        b -> "completed".equals(b.path("status").asString()));
        assertThat(batch.path("request_counts").path("completed").asInt()).isEqualTo(2);
        assertThat(new BigDecimal(batch.path("cost_usd").asString())).isPositive();

        HttpResponse<String> results =
                send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/batches/" + batchId + "/results"))
                        .header("Authorization", "Bearer " + key)
                        .build());
        List<JsonNode> lines = results.body().lines().map(json::readTree).toList();
        assertThat(lines).extracting(l -> l.path("custom_id").asString()).containsExactly("a", "b");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.path("response").path("status_code").asInt()).isEqualTo(200);
            assertThat(l.path("response")
                            .path("body")
                            .path("choices")
                            .path(0)
                            .path("message")
                            .path("content")
                            .asString())
                    .isNotBlank();
        });
    }

    @Test
    void aBadJobIsAProblemThatNamesTheField() throws Exception {
        HttpResponse<String> response = post("/v1/jobs", key, "application/json", """
                {"task_type":"code_analysis","temperature":3.5,"messages":[{"role":"user","content":"hi"}]}
                """);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).path("field").asString()).isEqualTo("/temperature");
    }

    @Test
    void anUnknownJobIsNotFoundAndNoKeyIsUnauthenticated() throws Exception {
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/jobs/nope"))
                .header("Authorization", "Bearer " + key)
                .build());
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/jobs/nope"))
                .build());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> post(String path, String bearer, String contentType, String body)
            throws Exception {
        return send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static JsonNode get(String path, String key) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .header("Authorization", "Bearer " + key)
                .build());
        return response.statusCode() == 200 ? json.readTree(response.body()) : json.createObjectNode();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
