package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GeminiGenerateContentTest {

    private static final String BODY = """
            {"systemInstruction":{"parts":[{"text":"You write tests."}]},
             "contents":[{"role":"user","parts":[{"text":"Write unit tests for class Basket { int total() { return 0; } }"}]}]}""";

    @RegisterExtension
    static final RunningSimulator sim = new RunningSimulator();

    @Test
    void answersWithCandidateAndUsageMetadata() {
        var response = sim.client()
                .post(
                        "/v1beta/models/gemini-2.5-flash:generateContent",
                        BODY,
                        "x-goog-api-key",
                        "AIza",
                        "x-client-request-id",
                        "gemini-1");

        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response);
        assertThat(body.at("/candidates/0/content/role").asString()).isEqualTo("model");
        assertThat(body.at("/candidates/0/content/parts/0/text").asString())
                .contains("class BasketTest")
                .contains("total()");
        assertThat(body.at("/candidates/0/finishReason").asString()).isEqualTo("STOP");
        var usage = body.get("usageMetadata");
        assertThat(usage.get("totalTokenCount").asInt())
                .isEqualTo(usage.get("promptTokenCount").asInt()
                        + usage.get("candidatesTokenCount").asInt());
        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("gemini-1"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.protocol()).isEqualTo(Protocol.GEMINI);
                    assertThat(entry.model()).isEqualTo("gemini-2.5-flash");
                    assertThat(entry.inputTokens())
                            .isEqualTo(usage.get("promptTokenCount").asInt());
                    assertThat(entry.outputTokens())
                            .isEqualTo(usage.get("candidatesTokenCount").asInt());
                });
    }

    @Test
    void acceptsTheKeyAsAQueryParameter() {
        var response = sim.client().post("/v1beta/models/gemini-2.5-pro:generateContent?key=AIza", BODY);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void safetyBlockHasNoContentAndChargesNoOutput() {
        String body = "{\"contents\":[{\"parts\":[{\"text\":\"#sim-content-filter\"}]}]}";

        var answer =
                json(sim.client().post("/v1beta/models/gemini-2.5-flash:generateContent", body, "x-goog-api-key", "k"));

        assertThat(answer.at("/candidates/0/finishReason").asString()).isEqualTo("SAFETY");
        assertThat(answer.at("/candidates/0/content").isMissingNode()).isTrue();
        assertThat(answer.at("/usageMetadata/candidatesTokenCount").asInt()).isZero();
    }

    @Test
    void openAiModelIsNotFoundOnGemini() {
        var response = sim.client().post("/v1beta/models/gpt-4o:generateContent", BODY, "x-goog-api-key", "k");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).at("/error/status").asString()).isEqualTo("NOT_FOUND");
    }
}
