package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.chat;
import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.sim.content.TokenCounter;
import dev.conveyor.sim.server.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiChatCompletionTest {

    private static final String PATH = "/v1/chat/completions";
    private static final String AUTH = "Bearer sk-test";

    @RegisterExtension
    static final RunningSimulator sim = new RunningSimulator(SimulatorConfig.defaults()
            .withModel("tiny-context", ModelSpec.of(Provider.OPENAI, 50).withMaxOutputTokens(40)));

    @Test
    void answersInOpenAisDocumentedShape() {
        var response =
                sim.client().post(PATH, chat("gpt-4o-mini", "Review this code: class Foo {}"), "authorization", AUTH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        var body = json(response);
        assertThat(body.get("id").asString()).startsWith("chatcmpl-");
        assertThat(body.get("object").asString()).isEqualTo("chat.completion");
        assertThat(body.get("created").asLong()).isPositive();
        assertThat(body.get("model").asString()).isEqualTo("gpt-4o-mini");
        var choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.at("/message/role").asString()).isEqualTo("assistant");
        assertThat(choice.at("/message/content").asString()).contains("Foo");
        assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
        var usage = body.get("usage");
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt()
                        + usage.get("completion_tokens").asInt());
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").isInt()).isTrue();
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").isInt())
                .isTrue();
    }

    @Test
    void sameRequestGetsTheSameContentAndUsage() {
        String request = chat("gpt-4o", "Write unit tests for class OrderService { void place() {} }");

        var first = json(sim.client().post(PATH, request, "authorization", AUTH));
        var second = json(sim.client().post(PATH, request, "authorization", AUTH));

        assertThat(first.at("/choices/0/message/content")).isEqualTo(second.at("/choices/0/message/content"));
        assertThat(first.get("usage")).isEqualTo(second.get("usage"));
        assertThat(first.get("id")).isNotEqualTo(second.get("id"));
    }

    @Test
    void promptTokensFollowFourCharactersPerTokenPlusMessageFraming() {
        String prompt = "x".repeat(400);

        var usage = json(sim.client().post(PATH, chat("gpt-4o", prompt), "authorization", AUTH))
                .get("usage");

        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(100 + 4 + 3);
    }

    @Test
    void completionTokensCountTheReturnedContent() {
        var body = json(sim.client().post(PATH, chat("gpt-4o", "Document class Invoice"), "authorization", AUTH));

        String content = body.at("/choices/0/message/content").asString();
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo((content.length() + 3) / 4);
    }

    @Test
    void maxTokensCapsTheCompletionWithFinishReasonLength() {
        var body = json(sim.client()
                .post(PATH, chat("gpt-4o", "Review class Invoice { void total() {} }", 5), "authorization", AUTH));

        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(5);
        assertThat(body.at("/choices/0/message/content").asString()).hasSize(20);
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void maxCompletionTokensAlsoCapsTheCompletion() {
        String request = """
                {"model":"gpt-4o","max_completion_tokens":3,"messages":[{"role":"user","content":"Review class A"}]}
                """;

        var body = json(sim.client().post(PATH, request, "authorization", AUTH));

        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void missingApiKeyIsAnsweredWithOpenAis401Body() {
        var response = sim.client().post(PATH, chat("gpt-4o", "hi"));

        assertThat(response.statusCode()).isEqualTo(401);
        var error = json(response).get("error");
        assertThat(error.get("message").asString()).startsWith("You didn't provide an API key.");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").isNull()).isTrue();
    }

    @Test
    void emptyBearerTokenCountsAsMissing() {
        assertThat(sim.client()
                        .post(PATH, chat("gpt-4o", "hi"), "authorization", "Bearer  ")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void unknownModelIsAnsweredWithModelNotFound() {
        var response = sim.client().post(PATH, chat("gpt-9-ultra", "hi"), "authorization", AUTH);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).at("/error/code").asString()).isEqualTo("model_not_found");
        assertThat(json(response).at("/error/message").asString()).contains("gpt-9-ultra");
    }

    @Test
    void anotherProvidersModelIsNotFoundOnOpenAi() {
        var response = sim.client().post(PATH, chat("claude-sonnet-4-5", "hi"), "authorization", AUTH);

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void promptLargerThanTheContextWindowIsAContextLengthError() {
        var response = sim.client().post(PATH, chat("tiny-context", "y".repeat(400)), "authorization", AUTH);

        assertThat(response.statusCode()).isEqualTo(400);
        var error = json(response).get("error");
        assertThat(error.get("code").asString()).isEqualTo("context_length_exceeded");
        assertThat(error.get("param").asString()).isEqualTo("messages");
        assertThat(error.get("message").asString()).contains("maximum context length is 50 tokens");
    }

    @Test
    void malformedJsonIsAnInvalidRequest() {
        var response = sim.client().post(PATH, "{not json", "authorization", AUTH);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void responseCarriesTheCallersClientRequestIdAndTheLedgerIsKeyedByIt() {
        var response = sim.client()
                .post(
                        PATH,
                        chat("gpt-4o", "Refactor class Cart"),
                        "authorization",
                        AUTH,
                        "X-Client-Request-Id",
                        "job-17-attempt-1");

        assertThat(response.headers().firstValue("x-request-id")).hasValue("job-17-attempt-1");
        var body = json(response);
        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("job-17-attempt-1"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.protocol()).isEqualTo(Protocol.OPENAI);
                    assertThat(entry.model()).isEqualTo("gpt-4o");
                    assertThat(entry.status()).isEqualTo(200);
                    assertThat(entry.inputTokens())
                            .isEqualTo(body.at("/usage/prompt_tokens").asInt());
                    assertThat(entry.outputTokens())
                            .isEqualTo(body.at("/usage/completion_tokens").asInt());
                    assertThat(entry.cachedInputTokens()).isZero();
                    assertThat(entry.finishReason()).isEqualTo("stop");
                    assertThat(entry.time()).isNotNull();
                });
    }

    @Test
    void ledgerFallsBackToTheCallersXRequestId() {
        sim.client().post(PATH, chat("gpt-4o", "hello"), "authorization", AUTH, "x-request-id", "caller-id-5");

        assertThat(sim.simulator().ledger()).extracting(LedgerEntry::requestId).contains("caller-id-5");
    }

    @Test
    void callWithoutIdsGetsAGeneratedIdThatTheResponseAndLedgerShare() {
        var response = sim.client().post(PATH, chat("gpt-4o", "hello there"), "authorization", AUTH);

        String id = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(id).startsWith("req_");
        assertThat(sim.simulator().ledger()).extracting(LedgerEntry::requestId).contains(id);
    }

    @Test
    void failedCallsAreInTheLedgerWithoutTokens() {
        sim.client().post(PATH, chat("gpt-9-ultra", "hi"), "authorization", AUTH, "x-client-request-id", "failed-1");

        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("failed-1"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.status()).isEqualTo(404);
                    assertThat(entry.totalTokens()).isZero();
                });
    }

    @Test
    void repeatedLongSystemPromptIsReportedAsCachedTokens() {
        String system = "You are a code reviewer. " + "Follow the team's style guide. ".repeat(200);
        String request = Json.MAPPER.writeValueAsString(java.util.Map.of(
                "model",
                "gpt-4.1",
                "messages",
                java.util.List.of(
                        java.util.Map.of("role", "system", "content", system),
                        java.util.Map.of("role", "user", "content", "Review class A"))));

        var first = json(sim.client().post(PATH, request, "authorization", AUTH, "x-client-request-id", "cache-1"));
        var second = json(sim.client().post(PATH, request, "authorization", AUTH, "x-client-request-id", "cache-2"));

        assertThat(first.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isZero();
        int cached = second.at("/usage/prompt_tokens_details/cached_tokens").asInt();
        assertThat(cached).isGreaterThanOrEqualTo(1024).isLessThanOrEqualTo(TokenCounter.count(system));
        assertThat(cached % 128).isZero();
        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("cache-2"))
                .singleElement()
                .extracting(LedgerEntry::cachedInputTokens)
                .isEqualTo(cached);
    }

    @Test
    void unauthenticatedCallIsInTheLedgerWithTheModelItNamed() {
        sim.client().post(PATH, chat("gpt-4o", "hi"), "x-client-request-id", "no-key-1");

        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("no-key-1"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.status()).isEqualTo(401);
                    assertThat(entry.model()).isEqualTo("gpt-4o");
                });
    }

    @Test
    void callWhoseBodyIsNotJsonIsInTheLedgerWithAnEmptyModel() {
        sim.client().post(PATH, "{oops", "authorization", AUTH, "x-client-request-id", "bad-json-1");

        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("bad-json-1"))
                .singleElement()
                .extracting(LedgerEntry::model)
                .isEqualTo("");
    }
}
