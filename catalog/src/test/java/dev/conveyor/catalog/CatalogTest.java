package dev.conveyor.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    private final Catalog catalog = Catalog.load();

    @Test
    void theShippedCatalogServesEveryProviderWithAtLeastEighteenModels() {
        assertThat(catalog.servedOn(TODAY)).hasSizeGreaterThanOrEqualTo(18);
        assertThat(catalog.providers().keySet())
                .containsExactlyInAnyOrder(
                        "openai", "azure", "anthropic", "google", "mistral", "together", "vllm", "ollama");
        catalog.providers()
                .keySet()
                .forEach(provider -> assertThat(catalog.servedOn(TODAY))
                        .as(provider)
                        .anyMatch(m -> m.provider().equals(provider)));
    }

    @Test
    void anthropicWireIdsAreHyphenatedAndADottedCatalogIdSaysSoExplicitly() {
        catalog.models().stream()
                .filter(m -> m.provider().equals("anthropic"))
                .forEach(m -> assertThat(m.wireId()).as(m.key()).doesNotContain("."));
        assertThat(catalog.find("anthropic/claude-haiku-4.5").orElseThrow().wireId())
                .isEqualTo("claude-haiku-4-5");
    }

    @Test
    void localModelsCostNothingAndHostedOnesHaveAPrice() {
        catalog.models().forEach(m -> {
            boolean local = catalog.provider(m.provider()).orElseThrow().local();
            BigDecimal input = m.pricesOn(TODAY).price(TokenKind.INPUT);
            assertThat(input.signum() == 0).as(m.key()).isEqualTo(local);
        });
    }

    @Test
    void everyChainAndTaskTypeOfTheIssueIsShipped() {
        assertThat(catalog.chains().keySet())
                .containsExactlyInAnyOrder(
                        "HIGH_QUALITY",
                        "COST_OPTIMIZED",
                        "FAST_LATENCY",
                        "LOCAL_ONLY",
                        "CODE_GENERATION",
                        "LONG_CONTEXT",
                        "BALANCED",
                        "ANALYSIS",
                        "SIMPLE_TASKS");
        assertThat(catalog.taskTypes().keySet())
                .containsExactlyInAnyOrder("code_analysis", "refactoring", "documentation", "test_generation");
    }

    @Test
    void eachKindOfTokenIsChargedAtItsOwnPriceToTheNanoDollar() {
        Model sonnet = catalog.find("anthropic/claude-sonnet-5").orElseThrow();
        // 1,000 uncached input at $2, 2,000 cache reads at $0.20, 3,000 5-minute writes at $2.50 (1.25x),
        // 4,000 1-hour writes at $4 (2x), 500 output at $10 per million
        Tokens tokens = new Tokens(10_000, 2_000, 3_000, 4_000, 500, false);
        assertThat(sonnet.cost(tokens, TODAY)).isEqualByComparingTo("0.030900000");
        assertThat(sonnet.cost(new Tokens(1_000_000, 0, 0, 0, 1_000_000, true), TODAY))
                .isEqualByComparingTo("6.000000000");
    }

    @Test
    void aPriceChangeAppliesFromItsEffectiveDate() {
        Model flash = catalog.find("google/gemini-3.8-flash").orElseThrow();
        Tokens million = Tokens.of(1_000_000, 0, 0);
        assertThat(flash.cost(million, LocalDate.of(2026, 12, 31))).isEqualByComparingTo("0.75");
        assertThat(flash.cost(million, LocalDate.of(2027, 1, 1))).isEqualByComparingTo("1.50");
    }

    @Test
    void aModelIsRetiredFromItsShutdownDate() {
        Model mini = catalog.find("openai/gpt-4.1-mini").orElseThrow();
        assertThat(mini.retiredOn(LocalDate.of(2027, 1, 13))).isFalse();
        assertThat(mini.retiredOn(LocalDate.of(2027, 1, 14))).isTrue();
        assertThat(catalog.servedOn(LocalDate.of(2027, 1, 14))).doesNotContain(mini);
    }

    @Test
    void anOperatorsFileReplacesAndExtendsTheShippedEntries(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("catalog.yml");
        Files.writeString(file, """
                models:
                  - {provider: ollama, id: llama3.3, wire-id: "llama3.3:70b-instruct-q4", context-window: 65536, max-output-tokens: 4096,
                     prices: [{effective: 2026-12-01, input: 0, output: 0}]}
                  - {provider: openai, id: my-fine-tune, context-window: 128000, max-output-tokens: 16384,
                     prices: [{effective: 2026-12-01, input: 0.30, output: 1.20}]}
                task-types:
                  code_review: BALANCED
                """);
        Catalog merged = Catalog.load(file);
        assertThat(merged.find("ollama/llama3.3").orElseThrow().wireId()).isEqualTo("llama3.3:70b-instruct-q4");
        assertThat(merged.find("openai/my-fine-tune")).isPresent();
        assertThat(merged.models()).hasSize(catalog.models().size() + 1);
        assertThat(merged.taskTypes()).containsEntry("code_review", "BALANCED").containsKey("code_analysis");
    }

    @Test
    void aBadEntryFailsNamingItsKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("catalog.yml");
        Files.writeString(file, """
                models:
                  - {provider: openai, id: broken, context-window: 0, max-output-tokens: 10, prices: [{effective: 2026-12-01, input: 1, output: 1}]}
                """);
        assertThatThrownBy(() -> Catalog.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessage("catalog.models[openai/broken].context-window should be greater than 0");
        Files.writeString(file, """
                models:
                  - {provider: openai, id: broken, context-window: 10, max-output-tokens: 10, prices: [{effective: 2026-12-01, input: 1}]}
                """);
        assertThatThrownBy(() -> Catalog.load(file))
                .hasMessage("catalog.models[openai/broken].prices[0].output is required (US dollars per 1M tokens)");
        Files.writeString(file, """
                chains:
                  FAST: {strategy: fastest}
                """);
        assertThatThrownBy(() -> Catalog.load(file))
                .hasMessageStartingWith("catalog.chains.FAST.strategy: unknown value 'fastest' (known: cost, latency");
        Files.writeString(file, """
                models:
                  - {provider: nobody, id: x, context-window: 10, max-output-tokens: 10, prices: [{effective: 2026-12-01, input: 1, output: 1}]}
                """);
        assertThatThrownBy(() -> Catalog.load(file))
                .hasMessageStartingWith("catalog.models[nobody/x].provider 'nobody' is not in catalog.providers");
    }

    @Test
    void aModelIsFoundByCatalogIdOrByWireId() {
        assertThat(catalog.findById("claude-haiku-4-5").orElseThrow().id()).isEqualTo("claude-haiku-4.5");
        assertThat(catalog.findById("claude-haiku-4.5").orElseThrow().wireId()).isEqualTo("claude-haiku-4-5");
    }
}
