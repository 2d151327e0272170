package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.sim.server.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The simulator answers every documented field of each fixture under src/test/resources/fixtures, with the same JSON
 * type and status, so code that parses the documented bodies parses the simulator's.
 */
class ProtocolFixturesTest {

    private static final RateLimitSpec EXHAUSTED = new RateLimitSpec(0, 1, 60_000);
    private static final String OPENAI = "/v1/chat/completions";
    private static final String ANTHROPIC = "/v1/messages";
    private static final String[] OPENAI_KEY = {"authorization", "Bearer sk-test"};
    private static final String[] ANTHROPIC_KEY = {"x-api-key", "sk-ant-test", "anthropic-version", "2023-06-01"};
    private static final String[] GEMINI_KEY = {"x-goog-api-key", "AIza-test"};
    private static final String[] AZURE_KEY = {"api-key", "azure-test"};

    @RegisterExtension
    static final RunningSimulator sim = new RunningSimulator(SimulatorConfig.defaults()
            .withModel("tiny-gpt", ModelSpec.of(Provider.OPENAI, 50))
            .withModel("tiny-claude", ModelSpec.of(Provider.ANTHROPIC, 50))
            .withModel("tiny-gemini", ModelSpec.of(Provider.GEMINI, 50))
            .withModel("limited-gpt", ModelSpec.of(Provider.OPENAI, 8_000).withRateLimit(EXHAUSTED))
            .withModel("limited-claude", ModelSpec.of(Provider.ANTHROPIC, 8_000).withRateLimit(EXHAUSTED))
            .withModel("limited-gemini", ModelSpec.of(Provider.GEMINI, 8_000).withRateLimit(EXHAUSTED)));

    record Case(String fixture, int status, String path, String body, String[] headers, List<String> responseHeaders) {
        @Override
        public String toString() {
            return fixture;
        }
    }

    static Stream<Arguments> cases() {
        String longPrompt = "word ".repeat(100);
        return Stream.of(
                        openAi("openai/chat-completion.json", 200, "gpt-4o", "Review class A", OPENAI_KEY),
                        new Case(
                                "openai/chat-completion-length.json",
                                200,
                                OPENAI,
                                "{\"model\":\"gpt-4o\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Review class A\"}]}",
                                OPENAI_KEY,
                                List.of()),
                        openAi(
                                "openai/chat-completion-content-filter.json",
                                200,
                                "gpt-4o",
                                "#sim-content-filter",
                                OPENAI_KEY),
                        openAi("openai/error-401.json", 401, "gpt-4o", "hi"),
                        openAi("openai/error-404-model-not-found.json", 404, "gpt-9", "hi", OPENAI_KEY),
                        openAi("openai/error-400-context-length.json", 400, "tiny-gpt", longPrompt, OPENAI_KEY),
                        withHeaders(
                                openAi("openai/error-429.json", 429, "limited-gpt", "hi", OPENAI_KEY),
                                "retry-after",
                                "x-ratelimit-limit-tokens",
                                "x-ratelimit-remaining-tokens",
                                "x-ratelimit-reset-tokens"),
                        openAi("openai/error-500.json", 500, "gpt-4o", "#sim-status=500", OPENAI_KEY),
                        openAi("openai/error-503.json", 503, "gpt-4o", "#sim-status=503", OPENAI_KEY),
                        azure("azure/chat-completion.json", 200, "gpt-4o", AZURE_KEY),
                        azure("azure/error-401.json", 401, "gpt-4o"),
                        azure("azure/error-404-deployment.json", 404, "no-such-deployment", AZURE_KEY),
                        withHeaders(azure("azure/error-429.json", 429, "limited-gpt", AZURE_KEY), "retry-after"),
                        anthropic(
                                "anthropic/message.json",
                                200,
                                "claude-sonnet-4-5",
                                "Review class A",
                                1024,
                                ANTHROPIC_KEY),
                        anthropic(
                                "anthropic/message-max-tokens.json",
                                200,
                                "claude-sonnet-4-5",
                                "Review class A",
                                1,
                                ANTHROPIC_KEY),
                        anthropic(
                                "anthropic/error-401.json",
                                401,
                                "claude-sonnet-4-5",
                                "hi",
                                1024,
                                "anthropic-version",
                                "2023-06-01"),
                        anthropic("anthropic/error-404.json", 404, "claude-9", "hi", 1024, ANTHROPIC_KEY),
                        anthropic(
                                "anthropic/error-400-context-length.json",
                                400,
                                "tiny-claude",
                                longPrompt,
                                10,
                                ANTHROPIC_KEY),
                        withHeaders(
                                anthropic("anthropic/error-429.json", 429, "limited-claude", "hi", 10, ANTHROPIC_KEY),
                                "retry-after",
                                "anthropic-ratelimit-tokens-limit",
                                "anthropic-ratelimit-tokens-remaining",
                                "anthropic-ratelimit-tokens-reset"),
                        anthropic(
                                "anthropic/error-500.json",
                                500,
                                "claude-sonnet-4-5",
                                "#sim-status=500",
                                10,
                                ANTHROPIC_KEY),
                        anthropic(
                                "anthropic/error-529.json",
                                529,
                                "claude-sonnet-4-5",
                                "#sim-status=529",
                                10,
                                ANTHROPIC_KEY),
                        gemini(
                                "gemini/generate-content.json",
                                200,
                                "gemini-2.5-flash",
                                "Review class A",
                                null,
                                GEMINI_KEY),
                        gemini(
                                "gemini/generate-content-max-tokens.json",
                                200,
                                "gemini-2.5-flash",
                                "Review class A",
                                2,
                                GEMINI_KEY),
                        gemini(
                                "gemini/generate-content-safety.json",
                                200,
                                "gemini-2.5-flash",
                                "#sim-content-filter",
                                null,
                                GEMINI_KEY),
                        gemini("gemini/error-403.json", 403, "gemini-2.5-flash", "hi", null),
                        gemini("gemini/error-404.json", 404, "gemini-9", "hi", null, GEMINI_KEY),
                        gemini(
                                "gemini/error-400-context-length.json",
                                400,
                                "tiny-gemini",
                                longPrompt,
                                null,
                                GEMINI_KEY),
                        withHeaders(
                                gemini("gemini/error-429.json", 429, "limited-gemini", "hi", null, GEMINI_KEY),
                                "retry-after"),
                        gemini("gemini/error-500.json", 500, "gemini-2.5-flash", "#sim-status=500", null, GEMINI_KEY),
                        gemini("gemini/error-503.json", 503, "gemini-2.5-flash", "#sim-status=503", null, GEMINI_KEY))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void simulatorAnswersEveryDocumentedField(Case c) throws IOException {
        var response = sim.client().post(c.path(), c.body(), c.headers());

        assertThat(response.statusCode()).as("status").isEqualTo(c.status());
        assertThat(JsonShape.offered(json(response)))
                .as("fields of %s missing from the answer %s", c.fixture(), response.body())
                .containsAll(JsonShape.required(fixture(c.fixture())));
        for (String header : c.responseHeaders()) {
            assertThat(response.headers().firstValue(header)).as(header).isPresent();
        }
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = ProtocolFixturesTest.class.getResourceAsStream("/fixtures/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return Json.MAPPER.readTree(in);
        }
    }

    private static Case openAi(String fixture, int status, String model, String prompt, String... headers) {
        return new Case(fixture, status, OPENAI, SimClient.chat(model, prompt), headers, List.of());
    }

    private static Case azure(String fixture, int status, String deployment, String... headers) {
        return new Case(
                fixture,
                status,
                "/openai/deployments/" + deployment + "/chat/completions?api-version=2024-10-21",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Review class A\"}]}",
                headers,
                List.of());
    }

    private static Case anthropic(
            String fixture, int status, String model, String prompt, int maxTokens, String... headers) {
        String body = Json.MAPPER.writeValueAsString(java.util.Map.of(
                "model",
                model,
                "max_tokens",
                maxTokens,
                "messages",
                List.of(java.util.Map.of("role", "user", "content", prompt))));
        return new Case(fixture, status, ANTHROPIC, body, headers, List.of());
    }

    private static Case gemini(
            String fixture, int status, String model, String prompt, Integer maxTokens, String... headers) {
        var body = Json.object();
        body.putArray("contents")
                .addObject()
                .put("role", "user")
                .putArray("parts")
                .addObject()
                .put("text", prompt);
        if (maxTokens != null) {
            body.putObject("generationConfig").put("maxOutputTokens", maxTokens);
        }
        return new Case(
                fixture, status, "/v1beta/models/" + model + ":generateContent", body.toString(), headers, List.of());
    }

    private static Case withHeaders(Case c, String... headers) {
        return new Case(c.fixture(), c.status(), c.path(), c.body(), c.headers(), List.of(headers));
    }
}
