package dev.conveyor.router.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.anthropic.AnthropicClient;
import dev.conveyor.router.provider.gemini.GeminiClient;
import dev.conveyor.router.provider.openai.OpenAiCompatibleClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Each adapter against response bodies copied from its provider's documentation. */
class AdapterFixtureTest {

    private final StubProvider stub = new StubProvider();
    private final HttpTransport http = new ApacheHttpTransport(16, Duration.ofSeconds(2), Duration.ofSeconds(5));
    private final JsonMapper json = JsonMapper.builder().build();
    private final ProviderCall call = new ProviderCall(
            "the-model", "Be brief.", List.of(new ProviderCall.Message("user", "hello")), 64, 0.5, "call-1");

    @AfterEach
    void stop() {
        stub.close();
        http.close();
    }

    @Test
    void openAiSuccessCarriesContentUsageAndCachedTokens() throws ProviderException {
        stub.answer(200, "openai/chat-completion.json", Map.of());
        Completion completion = openAi().complete(call);

        assertThat(completion.content()).isNotBlank();
        assertThat(completion.finishReason()).isEqualTo("stop");
        assertThat(completion.inputTokens()).isPositive();
        assertThat(completion.outputTokens()).isPositive();
        assertThat(stub.last().headers().get("Authorization")).containsExactly("Bearer sk-test");
        assertThat(stub.last().headers().get("X-client-request-id")).containsExactly("call-1");
        assertThat(stub.last().body()).contains("\"max_completion_tokens\":64").contains("\"role\":\"system\"");
    }

    @Test
    void azureNamesTheDeploymentInThePathAndSendsTheKeyInApiKey() throws ProviderException {
        stub.answer(200, "azure/chat-completion.json", Map.of());
        var azure = new RouterSettings.Provider(
                "openai",
                stub.baseUrl(),
                "/openai/deployments/{model}/chat/completions?api-version=2024-10-21",
                "api-key",
                "",
                "az-key",
                false);
        new OpenAiCompatibleClient("azure", azure, http, json).complete(call);

        assertThat(stub.last().path())
                .isEqualTo("/openai/deployments/the-model/chat/completions?api-version=2024-10-21");
        assertThat(stub.last().headers().get("Api-key")).containsExactly("az-key");
    }

    @Test
    void anthropicSuccessCountsCachedInputAsInput() throws ProviderException {
        stub.answer(200, "anthropic/message.json", Map.of());
        Completion completion = anthropic().complete(call);

        assertThat(completion.content()).isEqualTo("Hello!");
        assertThat(completion.finishReason()).isEqualTo("stop");
        assertThat(completion.inputTokens()).isEqualTo(12);
        assertThat(completion.outputTokens()).isEqualTo(6);
        assertThat(stub.last().path()).isEqualTo("/v1/messages");
        assertThat(stub.last().headers().get("X-api-key")).containsExactly("sk-test");
        assertThat(stub.last().headers().get("Anthropic-version")).containsExactly("2023-06-01");
        assertThat(stub.last().body()).contains("\"system\":\"Be brief.\"").contains("\"max_tokens\":64");
    }

    @Test
    void anthropicMaxTokensIsALengthFinish() throws ProviderException {
        stub.answer(200, "anthropic/message-max-tokens.json", Map.of());
        assertThat(anthropic().complete(call).finishReason()).isEqualTo("length");
    }

    @Test
    void geminiSuccessReadsUsageMetadata() throws ProviderException {
        stub.answer(200, "gemini/generate-content.json", Map.of());
        Completion completion = gemini().complete(call);

        assertThat(completion.content()).isEqualTo("Hello! How can I help you today?");
        assertThat(completion.inputTokens()).isEqualTo(8);
        assertThat(completion.outputTokens()).isEqualTo(9);
        assertThat(stub.last().path()).isEqualTo("/v1beta/models/the-model:generateContent");
        assertThat(stub.last().headers().get("X-goog-api-key")).containsExactly("sk-test");
        assertThat(stub.last().body()).contains("\"maxOutputTokens\":64").contains("systemInstruction");
    }

    @Test
    void geminiSafetyIsAContentFilterFinish() throws ProviderException {
        stub.answer(200, "gemini/generate-content-safety.json", Map.of());
        assertThat(gemini().complete(call).finishReason()).isEqualTo("content_filter");
    }

    @Test
    void openAiContentFilterIsReportedAsSuch() throws ProviderException {
        stub.answer(200, "openai/chat-completion-content-filter.json", Map.of());
        assertThat(openAi().complete(call).finishReason()).isEqualTo("content_filter");
    }

    @ParameterizedTest
    @CsvSource({
        "openai, 401, openai/error-401.json, AUTH",
        "openai, 404, openai/error-404-model-not-found.json, MODEL_NOT_FOUND",
        "openai, 400, openai/error-400-context-length.json, CONTEXT_LENGTH",
        "openai, 429, openai/error-429.json, RATE_LIMIT",
        "openai, 500, openai/error-500.json, SERVER_ERROR",
        "openai, 503, openai/error-503.json, OVERLOADED",
        "azure, 401, azure/error-401.json, AUTH",
        "azure, 404, azure/error-404-deployment.json, MODEL_NOT_FOUND",
        "azure, 429, azure/error-429.json, RATE_LIMIT",
        "anthropic, 401, anthropic/error-401.json, AUTH",
        "anthropic, 404, anthropic/error-404.json, MODEL_NOT_FOUND",
        "anthropic, 400, anthropic/error-400-context-length.json, CONTEXT_LENGTH",
        "anthropic, 429, anthropic/error-429.json, RATE_LIMIT",
        "anthropic, 500, anthropic/error-500.json, SERVER_ERROR",
        "anthropic, 529, anthropic/error-529.json, OVERLOADED",
        "gemini, 403, gemini/error-403.json, AUTH",
        "gemini, 404, gemini/error-404.json, MODEL_NOT_FOUND",
        "gemini, 400, gemini/error-400-context-length.json, CONTEXT_LENGTH",
        "gemini, 429, gemini/error-429.json, RATE_LIMIT",
        "gemini, 500, gemini/error-500.json, SERVER_ERROR",
        "gemini, 503, gemini/error-503.json, OVERLOADED"
    })
    void documentedErrorsBecomeOneTypedError(String adapter, int status, String fixture, ErrorType expected) {
        stub.answer(status, fixture, Map.of("retry-after", "7"));
        ProviderClient client = switch (adapter) {
            case "anthropic" -> anthropic();
            case "gemini" -> gemini();
            default -> openAi();
        };

        ProviderException error = catchThrowableOfType(ProviderException.class, () -> client.complete(call));

        assertThat(error.type()).isEqualTo(expected);
        assertThat(error.httpStatus()).isEqualTo(status);
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(error.getMessage()).doesNotContain("sk-test");
    }

    @Test
    void geminiRetryInfoIsUsedWhenNoRetryAfterHeader() {
        stub.answer(429, "gemini/error-429.json", Map.of());
        ProviderException error = catchThrowableOfType(ProviderException.class, () -> gemini().complete(call));
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(33));
    }

    @Test
    void aRefusedConnectionIsANetworkError() {
        var closed = new RouterSettings.Provider(
                "openai", "http://127.0.0.1:1", "/v1/chat/completions", "Authorization", "Bearer ", "k", false);
        ProviderException error = catchThrowableOfType(
                ProviderException.class, () -> new OpenAiCompatibleClient("x", closed, http, json).complete(call));
        assertThat(error.type()).isEqualTo(ErrorType.NETWORK);
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void aProviderThatNeverAnswersIsATimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HttpTransport impatient = new ApacheHttpTransport(4, Duration.ofSeconds(2), Duration.ofMillis(300))) {
            Thread.ofVirtual().start(() -> {
                try {
                    silent.accept(); // reads nothing, answers nothing
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            var provider = new RouterSettings.Provider(
                    "openai",
                    "http://127.0.0.1:" + silent.getLocalPort(),
                    "/v1/chat/completions",
                    "Authorization",
                    "Bearer ",
                    "k",
                    false);
            ProviderException error = catchThrowableOfType(
                    ProviderException.class,
                    () -> new OpenAiCompatibleClient("x", provider, impatient, json).complete(call));
            assertThat(error.type()).isEqualTo(ErrorType.TIMEOUT);
            assertThat(error.retryable()).isTrue();
        }
    }

    private ProviderClient openAi() {
        return new OpenAiCompatibleClient("openai", provider("openai"), http, json);
    }

    private ProviderClient anthropic() {
        return new AnthropicClient("anthropic", provider("anthropic"), http, json);
    }

    private ProviderClient gemini() {
        return new GeminiClient("google", provider("gemini"), http, json);
    }

    private RouterSettings.Provider provider(String kind) {
        return new RouterSettings.Provider(
                kind, stub.baseUrl(), "/v1/chat/completions", "Authorization", "Bearer ", "sk-test", false);
    }
}
