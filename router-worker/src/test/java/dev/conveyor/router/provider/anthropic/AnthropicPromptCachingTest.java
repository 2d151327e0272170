package dev.conveyor.router.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.catalog.Protocol;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.ApacheHttpTransport;
import dev.conveyor.router.provider.HttpTransport;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.StubProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code cache_control} breakpoints the router puts in Anthropic's Messages bodies. */
class AnthropicPromptCachingTest {

    private static final String OK = """
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":21,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":3}}""";

    /** About 2,000 o200k tokens: past the default minimum of 1,024. */
    static final String LONG =
            "The ledger records every provider call exactly once, priced by the catalog. ".repeat(150);

    private final StubProvider stub = new StubProvider().answerBody(200, OK, Map.of());
    private final HttpTransport http = new ApacheHttpTransport(4, Duration.ofSeconds(2), Duration.ofSeconds(5));
    private final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void stop() {
        stub.close();
        http.close();
    }

    private JsonNode sent(int minTokens, String system, String... turns) throws ProviderException {
        var provider = new RouterSettings.Provider(
                Protocol.ANTHROPIC, stub.baseUrl(), null, null, null, "sk-test", false, null, minTokens, false);
        List<ProviderCall.Message> messages = new java.util.ArrayList<>();
        for (int i = 0; i < turns.length; i++) {
            messages.add(new ProviderCall.Message(i % 2 == 0 ? "user" : "assistant", turns[i]));
        }
        new AnthropicClient("anthropic", provider, http, json)
                .complete(new ProviderCall("claude-sonnet-4-5", system, messages, 64, null, "call-1"));
        return json.readTree(stub.last().body());
    }

    @Test
    void aLongSystemPromptIsSentAsATextBlockWithAnEphemeralBreakpoint() throws ProviderException {
        JsonNode body = sent(1024, LONG, "Summarise.");
        JsonNode system = body.path("system");
        assertThat(system.isArray()).isTrue();
        assertThat(system.get(0).path("type").asString()).isEqualTo("text");
        assertThat(system.get(0).path("text").asString()).isEqualTo(LONG);
        assertThat(system.get(0).path("cache_control").path("type").asString()).isEqualTo("ephemeral");
        assertThat(body.path("messages").get(0).path("content").isString()).isTrue();
    }

    @Test
    void aShortSystemPromptStaysAPlainString() throws ProviderException {
        JsonNode body = sent(1024, "Be brief.", "Summarise.");
        assertThat(body.path("system").isString()).isTrue();
        assertThat(body.toString()).doesNotContain("cache_control");
    }

    @Test
    void aLongSharedPrefixIsMarkedOnTheMessageBeforeTheLastOne() throws ProviderException {
        JsonNode body = sent(1024, "Be brief.", LONG, "Noted.", "What does the ledger record?");
        JsonNode messages = body.path("messages");
        assertThat(body.path("system").isString()).isTrue();
        assertThat(messages.get(0).path("content").isString()).isTrue();
        JsonNode marked = messages.get(1).path("content").get(0);
        assertThat(messages.get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(marked.path("text").asString()).isEqualTo("Noted.");
        assertThat(marked.path("cache_control").path("type").asString()).isEqualTo("ephemeral");
        assertThat(messages.get(2).path("content").isString()).isTrue();
    }

    @Test
    void aLongSystemPromptAndAConversationCarryTwoBreakpoints() throws ProviderException {
        JsonNode body = sent(1024, LONG, "First question?", "First answer.", "Second question?");
        assertThat(body.toString().split("\"cache_control\"", -1)).hasSize(3);
        assertThat(body.path("messages").get(1).path("content").get(0).has("cache_control"))
                .isTrue();
    }

    @Test
    void aThresholdOfZeroMarksNothing() throws ProviderException {
        JsonNode body = sent(0, LONG, LONG, "Noted.", "Go on.");
        assertThat(body.path("system").isString()).isTrue();
        assertThat(body.toString()).doesNotContain("cache_control");
    }

    @Test
    void theThresholdIsThePrefixsEstimatedTokens() throws ProviderException {
        assertThat(sent(100_000, LONG, "Summarise.").path("system").isString()).isTrue();
        assertThat(sent(1024, "x".repeat(1023), "Summarise.").path("system").isString())
                .isTrue();
    }
}
