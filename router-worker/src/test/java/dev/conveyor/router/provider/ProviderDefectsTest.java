package dev.conveyor.router.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Protocol;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.anthropic.AnthropicClient;
import dev.conveyor.router.provider.gemini.GeminiClient;
import dev.conveyor.router.provider.openai.OpenAiCompatibleClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The adapter defects of issue #17, each against the body its provider documents. */
class ProviderDefectsTest {

    private final StubProvider stub = new StubProvider();
    private final HttpTransport http = new ApacheHttpTransport(16, Duration.ofSeconds(2), Duration.ofSeconds(5));
    private final JsonMapper json = JsonMapper.builder().build();
    private final ProviderCall call = new ProviderCall(
            "the-model", "Be brief.", List.of(new ProviderCall.Message("user", "hello")), 64, 0.5, "call-1");
    private final ProviderCall systemOnly =
            new ProviderCall("the-model", "Summarise RFC 9457.", List.of(), 64, null, "c2");

    private static final String OPENAI_OK = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
             "message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}}""";
    private static final String ANTHROPIC_OK = """
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5",
             "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":21,"cache_creation_input_tokens":188086,"cache_read_input_tokens":0,
              "cache_creation":{"ephemeral_5m_input_tokens":188086,"ephemeral_1h_input_tokens":0},"output_tokens":393}}""";
    private static final String GEMINI_OK = """
            {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":1,"totalTokenCount":9}}""";

    @AfterEach
    void stop() {
        stub.close();
        http.close();
    }

    private RouterSettings.Provider endpoint(Protocol kind, String maxTokensField) {
        return new RouterSettings.Provider(
                kind,
                stub.baseUrl(),
                "/v1/chat/completions",
                "Authorization",
                "Bearer ",
                "sk-test",
                false,
                maxTokensField);
    }

    private ProviderClient openAiCompatible(String maxTokensField) {
        return new OpenAiCompatibleClient("p", endpoint(Protocol.OPENAI, maxTokensField), http, json);
    }

    private ProviderClient anthropic() {
        return new AnthropicClient("anthropic", endpoint(Protocol.ANTHROPIC, null), http, json);
    }

    private ProviderClient gemini() {
        return new GeminiClient("google", endpoint(Protocol.GEMINI, null), http, json);
    }

    @Test
    void mistralAndOllamaAreSentMaxTokensAndOpenAiMaxCompletionTokens() throws ProviderException {
        stub.answerBody(200, OPENAI_OK, Map.of());
        openAiCompatible("max_tokens").complete(call);
        assertThat(stub.last().body()).contains("\"max_tokens\":64").doesNotContain("max_completion_tokens");
        openAiCompatible("max_completion_tokens").complete(call);
        assertThat(stub.last().body()).contains("\"max_completion_tokens\":64");
    }

    @Test
    void mistralsErrorBodyOutsideErrorGivesTheJobItsMessage() {
        stub.answerBody(422, """
                {"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","max_completion_tokens"],
                 "msg":"Extra inputs are not permitted","input":32000}]},"type":"invalid_request_error","param":null,"code":null}""", Map.of());
        ProviderException error = catchThrowableOfType(
                ProviderException.class, () -> openAiCompatible("max_tokens").complete(call));
        assertThat(error.type()).isEqualTo(ErrorType.INVALID_REQUEST);
        assertThat(error.getMessage()).contains("extra_forbidden").contains("Extra inputs are not permitted");
    }

    @Test
    void openAisInsufficientQuotaIsQuotaExceededAndNotRetried() {
        stub.answerBody(429, """
                {"error":{"message":"You exceeded your current quota, please check your plan and billing details.",
                 "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""", Map.of());
        ProviderException error = catchThrowableOfType(
                ProviderException.class, () -> openAiCompatible(null).complete(call));
        assertThat(error.type()).isEqualTo(ErrorType.QUOTA_EXCEEDED);
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void anthropicsSpendLimitIsQuotaExceededAndNotRetried() {
        stub.answerBody(429, """
                {"type":"error","error":{"type":"rate_limit_error",
                 "message":"This request would exceed your account's monthly spend limit. Please try again later."}}""", Map.of());
        ProviderException error =
                catchThrowableOfType(ProviderException.class, () -> anthropic().complete(call));
        assertThat(error.type()).isEqualTo(ErrorType.QUOTA_EXCEEDED);
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void anthropicsContextLimitErrorIsAContextLengthError() {
        stub.answerBody(400, """
                {"type":"error","error":{"type":"invalid_request_error","message":"input length and `max_tokens` exceed\
                 context limit: 198000 + 8192 > 200000, decrease input length or `max_tokens` and try again"}}""", Map.of());
        ProviderException error =
                catchThrowableOfType(ProviderException.class, () -> anthropic().complete(call));
        assertThat(error.type()).isEqualTo(ErrorType.CONTEXT_LENGTH);
    }

    @Test
    void anAnswerCutOffAtTheContextWindowIsAContextLengthErrorNotACompleteAnswer() {
        stub.answerBody(200, """
                {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-5",
                 "content":[{"type":"text","text":"The class Cart"}],"stop_reason":"model_context_window_exceeded",
                 "stop_sequence":null,"usage":{"input_tokens":199000,"output_tokens":1000}}""", Map.of());
        ProviderException error =
                catchThrowableOfType(ProviderException.class, () -> anthropic().complete(call));
        assertThat(error.type()).isEqualTo(ErrorType.CONTEXT_LENGTH);
    }

    @Test
    void geminiThinkingThatUsesTheWholeOutputCapIsNoAnswer() {
        stub.answerBody(200, """
                {"candidates":[{"content":{"role":"model"},"finishReason":"MAX_TOKENS","index":0}],
                 "usageMetadata":{"promptTokenCount":10,"totalTokenCount":74,"thoughtsTokenCount":64}}""", Map.of());
        ProviderException error = catchThrowableOfType(ProviderException.class, () -> gemini().complete(call));
        assertThat(error.type()).isEqualTo(ErrorType.INCOMPLETE);
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void anthropicCacheWritesArePricedAtOneAndAQuarterTimesInput() throws ProviderException {
        stub.answerBody(200, ANTHROPIC_OK, Map.of());
        Completion completion = anthropic().complete(call);
        assertThat(completion.cacheWriteTokens()).isEqualTo(188_086);
        assertThat(completion.inputTokens()).isEqualTo(21 + 188_086);
        var haiku = Catalog.load().find("anthropic/claude-haiku-4.5").orElseThrow();
        Tokens tokens = new Tokens(
                completion.inputTokens(),
                completion.cachedInputTokens(),
                completion.cacheWriteTokens(),
                completion.cacheWrite1hTokens(),
                completion.outputTokens(),
                false);
        // 21 input at $1, 188,086 5-minute writes at $1.25, 393 output at $5 per million
        assertThat(haiku.cost(tokens, LocalDate.of(2026, 12, 3))).isEqualByComparingTo("0.237093500");
    }

    @Test
    void aJobOfSystemTextAloneSendsItAsTheUserTurnToAnthropicAndGemini() throws ProviderException {
        stub.answerBody(200, ANTHROPIC_OK, Map.of());
        anthropic().complete(systemOnly);
        assertThat(stub.last().body())
                .contains("\"messages\":[{")
                .contains("\"content\":\"Summarise RFC 9457.\"")
                .contains("\"role\":\"user\"")
                .doesNotContain("\"system\"");
        stub.answerBody(200, GEMINI_OK, Map.of());
        gemini().complete(systemOnly);
        assertThat(stub.last().body())
                .contains("\"parts\":[{\"text\":\"Summarise RFC 9457.\"}]")
                .contains("\"role\":\"user\"")
                .doesNotContain("systemInstruction");
    }
}
