package dev.conveyor.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptSizeTest {

    private static final List<String> TEXTS = List.of(
            "public long charge(String key, long amount) { return totals.merge(key, amount, Long::sum); }",
            "Überprüfe die Klasse auf Thread-Sicherheit und Fehler: naïve façade, coöperate.",
            "请检查这个类的线程安全性和错误。これはテストです。",
            "emoji 🚀🔥 and symbols ∑∫√ mixed with code `x -> x * 2`",
            "    \n\n\t\t   spaces   and\ttabs\n");

    @Test
    void theUtf8LengthIsCountedWithoutEncoding() {
        for (String text : TEXTS) {
            assertThat(PromptSize.utf8Length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void theByteBoundIsNeverBelowTheTokenizersCount() {
        for (String text : TEXTS) {
            PromptSize size = PromptSize.of(job("system: " + text, text));
            assertThat(size.bound()).as(text).isGreaterThanOrEqualTo(size.exact());
        }
    }

    @Test
    void aPromptFarBelowTheLimitIsNotTokenized() {
        PromptSize size = PromptSize.of(job(null, "x".repeat(400)));

        assertThat(size.fitsIn(128_000)).isTrue();

        assertThat(size.estimate())
                .as("a quarter of the bytes, no exact count taken")
                .isEqualTo((400 + 4 + 3) / 4);
    }

    @Test
    void aPromptNearTheLimitIsTokenizedAndJudgedByItsExactCount() {
        String text = "word ".repeat(200); // about 200 tokens in 1,000 bytes
        PromptSize size = PromptSize.of(job(null, text));
        int exact = PromptTokens.count(job(null, text));

        assertThat(size.fitsIn(exact)).isTrue();
        assertThat(size.fitsIn(exact - 1)).isFalse();
        assertThat(size.estimate()).isEqualTo(exact);
        assertThat(size.bound()).isGreaterThan(exact);
    }

    private static CompletionRequest job(String system, String user) {
        return CompletionRequest.newBuilder()
                .setJobId("j")
                .setTenantId("t")
                .setTaskType("code_analysis")
                .setSystemPrompt(system)
                .setMessages(List.of(new ChatMessage("user", user)))
                .setMaxTokens(64)
                .build();
    }
}
