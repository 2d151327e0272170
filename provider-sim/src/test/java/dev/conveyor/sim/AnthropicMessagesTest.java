package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnthropicMessagesTest {

    private static final String PATH = "/v1/messages";
    private static ProviderSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults());
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String message(String model, int maxTokens, String prompt) {
        return """
                {"model":"%s","max_tokens":%d,"messages":[{"role":"user","content":%s}]}""".formatted(model, maxTokens, Json.MAPPER.writeValueAsString(prompt));
    }

    @Test
    void answersWithTextBlockStopReasonAndUsage() {
        var response = client.post(
                PATH,
                message("claude-haiku-4-5", 1024, "Document class Ledger"),
                "x-api-key",
                "k",
                "anthropic-version",
                "2023-06-01",
                "x-client-request-id",
                "anthropic-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("request-id")).hasValue("anthropic-1");
        var body = json(response);
        assertThat(body.get("id").asString()).startsWith("msg_");
        assertThat(body.get("type").asString()).isEqualTo("message");
        assertThat(body.at("/content/0/type").asString()).isEqualTo("text");
        assertThat(body.at("/content/0/text").asString()).contains("Ledger");
        assertThat(body.get("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(sim.ledger())
                .filteredOn(entry -> entry.requestId().equals("anthropic-1"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.protocol()).isEqualTo(Protocol.ANTHROPIC);
                    assertThat(entry.inputTokens())
                            .isEqualTo(body.at("/usage/input_tokens").asInt());
                    assertThat(entry.outputTokens())
                            .isEqualTo(body.at("/usage/output_tokens").asInt());
                    assertThat(entry.finishReason()).isEqualTo("end_turn");
                });
    }

    @Test
    void missingVersionHeaderIsAnInvalidRequest() {
        var response = client.post(PATH, message("claude-haiku-4-5", 10, "hi"), "x-api-key", "k");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asString()).isEqualTo("anthropic-version: header is required");
    }

    @Test
    void missingMaxTokensIsAnInvalidRequest() {
        var response = client.post(
                PATH,
                "{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key",
                "k",
                "anthropic-version",
                "2023-06-01");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asString()).contains("max_tokens");
    }

    @Test
    void maxTokensAboveTheModelsOutputLimitIsRejected() {
        var response = client.post(
                PATH,
                message("claude-3-5-haiku-latest", 100_000, "hi"),
                "x-api-key",
                "k",
                "anthropic-version",
                "2023-06-01");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void errorBodyCarriesTheCallsRequestId() {
        var response = client.post(
                PATH,
                message("claude-9", 10, "hi"),
                "x-api-key",
                "k",
                "anthropic-version",
                "2023-06-01",
                "x-client-request-id",
                "anthropic-404");

        assertThat(json(response).get("request_id").asString()).isEqualTo("anthropic-404");
    }

    @Test
    void cacheControlPrefixIsWrittenOnceThenReadFromCache() {
        String system = "You review Java code for a payments team. " + "Rules: keep methods short. ".repeat(200);
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":200,
                 "system":[{"type":"text","text":%s,"cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"Review class Payment"}]}""".formatted(Json.MAPPER.writeValueAsString(system));
        String[] headers = {"x-api-key", "k", "anthropic-version", "2023-06-01"};

        var first = json(client.post(PATH, body, headers)).get("usage");
        var second = json(client.post(PATH, body, headers)).get("usage");

        int systemTokens = TokenCounter.count(system);
        assertThat(first.get("cache_creation_input_tokens").asInt()).isEqualTo(systemTokens);
        assertThat(first.get("cache_read_input_tokens").asInt()).isZero();
        assertThat(second.get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(second.get("cache_read_input_tokens").asInt()).isEqualTo(systemTokens);
        assertThat(second.get("input_tokens").asInt())
                .isEqualTo(first.get("input_tokens").asInt())
                .isLessThan(systemTokens);
    }
}
