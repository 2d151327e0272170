package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.sim.content.TokenCounter;
import dev.conveyor.sim.server.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AnthropicMessagesTest {

    private static final String PATH = "/v1/messages";

    @RegisterExtension
    static final RunningSimulator sim = new RunningSimulator();

    /** Posts a Messages call with a key and the required version header, and any {@code extraHeaders}. */
    private static HttpResponse<String> post(String body, String... extraHeaders) {
        var headers = new ArrayList<>(List.of("x-api-key", "k", "anthropic-version", "2023-06-01"));
        headers.addAll(List.of(extraHeaders));
        return sim.client().post(PATH, body, headers.toArray(String[]::new));
    }

    private static String message(String model, int maxTokens, String prompt) {
        return """
                {"model":"%s","max_tokens":%d,"messages":[{"role":"user","content":%s}]}""".formatted(model, maxTokens, Json.MAPPER.writeValueAsString(prompt));
    }

    @Test
    void answersWithTextBlockStopReasonAndUsage() {
        var response =
                post(message("claude-haiku-4-5", 1024, "Document class Ledger"), "x-client-request-id", "anthropic-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("request-id")).hasValue("anthropic-1");
        var body = json(response);
        assertThat(body.get("id").asString()).startsWith("msg_");
        assertThat(body.get("type").asString()).isEqualTo("message");
        assertThat(body.at("/content/0/type").asString()).isEqualTo("text");
        assertThat(body.at("/content/0/text").asString()).contains("Ledger");
        assertThat(body.get("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(sim.simulator().ledger())
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
        var response = sim.client().post(PATH, message("claude-haiku-4-5", 10, "hi"), "x-api-key", "k");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asString()).isEqualTo("anthropic-version: header is required");
    }

    @Test
    void missingMaxTokensIsAnInvalidRequest() {
        var response = post("{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asString()).contains("max_tokens");
    }

    @Test
    void maxTokensAboveTheModelsOutputLimitIsRejected() {
        var response = post(message("claude-3-5-haiku-latest", 100_000, "hi"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void errorBodyCarriesTheCallsRequestId() {
        var response = post(message("claude-9", 10, "hi"), "x-client-request-id", "anthropic-404");

        assertThat(json(response).get("request_id").asString()).isEqualTo("anthropic-404");
    }

    @Test
    void cacheControlPrefixIsWrittenOnceThenReadFromCache() {
        String system = "You review Java code for a payments team. " + "Rules: keep methods short. ".repeat(200);
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":200,
                 "system":[{"type":"text","text":%s,"cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"Review class Payment"}]}""".formatted(Json.MAPPER.writeValueAsString(system));

        var first = json(post(body)).get("usage");
        var second = json(post(body)).get("usage");

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
