package dev.conveyor.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Protocol;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.TestSettings;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.UsageEvent;
import dev.conveyor.sim.LedgerEntry;
import dev.conveyor.sim.LedgerTotals;
import dev.conveyor.sim.ProviderSimulator;
import dev.conveyor.sim.SimulatorConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two jobs sharing a long system prompt, sent to Anthropic (the simulator speaking its protocol):
 * the router marks the prompt with {@code cache_control}, the first call writes it to the prompt
 * cache and the second reads it, and each call's cost is the simulator's ledger cost to the
 * nano-dollar.
 */
class PromptCachingTest {

    private static final Catalog CATALOG = Catalog.load();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    private static final ProviderSimulator SIM = ProviderSimulator.start(SimulatorConfig.defaults(), CLOCK);

    /** Well past 1,024 tokens by the router's estimate and by the simulator's count; unique per run. */
    private static final String SYSTEM = "Run " + UUID.randomUUID() + ". "
            + "You review Java services for thread safety, resource leaks and exact money arithmetic. ".repeat(120);

    @AfterAll
    static void stop() {
        SIM.close();
    }

    @Test
    void theSecondJobReadsTheSharedSystemPromptFromTheCacheAndCostsLessBothAsTheProviderCharges() {
        RouterSettings settings = TestSettings.oneTry(Map.of(
                "anthropic",
                new RouterSettings.Provider(
                        Protocol.ANTHROPIC, SIM.baseUrl(), null, null, null, "sim-key", false, null, 1024, false)));
        JobProcessor processor = Processors.direct(CATALOG, settings, CLOCK);

        Call first = call(processor, "Review CartService.checkout.");
        Call second = call(processor, "Review LedgerWriter.append.");

        assertThat(first.usage().getCacheWriteTokens()).isPositive();
        assertThat(first.usage().getCachedInputTokens()).isZero();
        assertThat(first.charged().cacheCreationInputTokens())
                .isEqualTo(first.usage().getCacheWriteTokens());
        assertThat(second.usage().getCachedInputTokens())
                .isEqualTo(first.usage().getCacheWriteTokens());
        assertThat(second.usage().getCacheWriteTokens()).isZero();
        assertThat(second.charged().cachedInputTokens())
                .isEqualTo(second.usage().getCachedInputTokens());
        assertThat(second.usage().getModel()).isEqualTo(first.usage().getModel());
        assertThat(second.usage().getCostUsd()).isLessThan(first.usage().getCostUsd());
        for (Call call : List.of(first, second)) {
            assertThat(call.usage().getCostUsd()).isPositive().isEqualByComparingTo(call.ledgerCost());
            assertThat(call.usage().getInputTokens()).isEqualTo(call.charged().inputTokens());
            assertThat(call.usage().getOutputTokens()).isEqualTo(call.charged().outputTokens());
        }
    }

    /** One job's usage event, the simulator's ledger entry for its call and the ledger's cost of it. */
    private record Call(UsageEvent usage, LedgerEntry charged, java.math.BigDecimal ledgerCost) {}

    private static Call call(JobProcessor processor, String question) {
        SIM.clearLedger();
        CompletionRequest job = CompletionRequest.newBuilder()
                .setJobId(UUID.randomUUID().toString())
                .setTenantId("t")
                .setTaskType("code_analysis")
                .setMaxTokens(200)
                .setSystemPrompt(SYSTEM)
                .setMessages(List.of(new ChatMessage("user", question)))
                .build();

        Outcome.Finished finished = (Outcome.Finished) processor.handle("req", job);

        assertThat(finished.result().getStatus())
                .as(finished.result().getErrorMessage())
                .isEqualTo(JobStatus.SUCCEEDED);
        UsageEvent usage = finished.usage().getFirst();
        LedgerEntry charged = SIM.ledger().stream()
                .filter(e -> e.requestId().equals(usage.getEventId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no simulator ledger entry for " + usage.getEventId()));
        LedgerTotals totals = SIM.ledgerTotals().values().iterator().next();
        assertThat(SIM.ledgerTotals()).hasSize(1);
        return new Call(usage, charged, totals.costUsd());
    }
}
