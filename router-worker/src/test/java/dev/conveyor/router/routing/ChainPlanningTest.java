package dev.conveyor.router.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.TestSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.ModelRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning with the shipped catalog: chains, strategies, retirement dates. */
class ChainPlanningTest {

    private static final Catalog CATALOG = Catalog.load();
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    private static Planner planner(Clock clock, String... enabled) {
        Map<String, RouterSettings.Provider> endpoints = new java.util.HashMap<>();
        for (String name : enabled) {
            boolean local = CATALOG.provider(name).orElseThrow().local();
            endpoints.put(
                    name,
                    new RouterSettings.Provider(
                            CATALOG.provider(name).orElseThrow().protocol(),
                            "http://127.0.0.1:1",
                            "/v1/chat/completions",
                            "Authorization",
                            "Bearer ",
                            local ? null : "k",
                            local));
        }
        RouterSettings settings = TestSettings.settings(endpoints, Map.of());
        return new Planner(
                CATALOG,
                new Providers(settings),
                new CircuitBreakers(
                        new RouterSettings.Circuit(3, Duration.ofMinutes(5)), clock, new SimpleMeterRegistry()),
                new ModelStats(),
                settings,
                clock);
    }

    private static CompletionRequest.Builder job(String taskType) {
        return CompletionRequest.newBuilder()
                .setJobId("j")
                .setTenantId("t")
                .setTaskType(taskType)
                .setMaxTokens(500)
                .setMessages(List.of(new ChatMessage("user", "Review class Cart")));
    }

    private static Model model(ModelRef ref) {
        return CATALOG.find(ref.getProvider(), ref.getModel()).orElseThrow();
    }

    @Test
    void theCostStrategyOfAChainPutsTheCheapestServedModelFirst() throws JobRejected {
        List<ModelRef> plan = planner(TODAY, "openai", "anthropic", "google")
                .plan(job("documentation").build());
        // SIMPLE_TASKS: cost over tiers 1-2
        assertThat(plan.getFirst()).isEqualTo(new ModelRef("openai", "gpt-6-luna"));
        assertThat(plan).allSatisfy(ref -> assertThat(model(ref).qualityTier()).isLessThanOrEqualTo(2));
    }

    @Test
    void theQualityChainPutsTheHighestTierFirst() throws JobRejected {
        List<ModelRef> plan = planner(TODAY, "openai", "anthropic", "google")
                .plan(job("refactoring").build());
        assertThat(plan.getFirst()).isEqualTo(new ModelRef("anthropic", "claude-opus-5"));
    }

    @Test
    void aJobNamingAChainIsPlannedOnItAndLocalOnlyNeverLeavesTheSelfHostedServers() throws JobRejected {
        Planner planner = planner(TODAY, "openai", "ollama");
        List<ModelRef> plan = planner.plan(
                job("code_analysis").setMetadata(Map.of("chain", "LOCAL_ONLY")).build());
        assertThat(plan)
                .isNotEmpty()
                .allSatisfy(ref -> assertThat(ref.getProvider()).isEqualTo("ollama"));
        assertThatThrownBy(() -> planner(TODAY, "openai")
                        .plan(job("code_analysis")
                                .setMetadata(Map.of("chain", "LOCAL_ONLY"))
                                .build()))
                .isInstanceOf(JobRejected.class)
                .hasMessageContaining("LOCAL_ONLY");
    }

    @Test
    void anUnknownChainIsRejectedNamingTheField() {
        assertThatThrownBy(() -> planner(TODAY, "openai")
                        .plan(job("code_analysis")
                                .setMetadata(Map.of("chain", "FASTEST"))
                                .build()))
                .isInstanceOf(JobRejected.class)
                .hasMessageStartingWith("metadata.chain names unknown chain 'FASTEST'");
    }

    @Test
    void aRetiredModelIsNeverRoutedToNorPinned() throws JobRejected {
        Clock afterShutdown = Clock.fixed(Instant.parse("2027-01-14T00:00:00Z"), ZoneOffset.UTC);
        assertThat(planner(TODAY, "openai").plan(job("documentation").build()))
                .contains(new ModelRef("openai", "gpt-4o-mini"));
        assertThat(planner(afterShutdown, "openai").plan(job("documentation").build()))
                .doesNotContain(new ModelRef("openai", "gpt-4o-mini"), new ModelRef("openai", "gpt-4.1-mini"));
        assertThatThrownBy(() -> planner(afterShutdown, "openai")
                        .plan(job("documentation").setModel("gpt-4o-mini").build()))
                .isInstanceOf(JobRejected.class)
                .hasMessageContaining("retired by its provider on 2027-01-14");
    }

    @Test
    void preferencesGiveWaySoOneLocalServerServesTheHighQualityChain() throws JobRejected {
        assertThat(planner(TODAY, "vllm").plan(job("refactoring").build()))
                .containsExactly(new ModelRef("vllm", "llama-3.3-70b-instruct"));
    }

    @Test
    void capabilityMatchPrefersModelsWithEveryWantedCapability() throws JobRejected {
        List<ModelRef> plan =
                planner(TODAY, "together").plan(job("code_analysis").build());
        // ANALYSIS wants code and reasoning: only gpt-oss-120b has both among Together's models
        assertThat(plan).containsExactly(new ModelRef("together", "gpt-oss-120b"));
    }
}
