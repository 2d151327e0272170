package dev.conveyor.router.routing;

import static dev.conveyor.router.TestSettings.catalog;
import static dev.conveyor.router.TestSettings.model;
import static dev.conveyor.router.TestSettings.provider;
import static dev.conveyor.router.TestSettings.route;
import static dev.conveyor.router.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.ModelRef;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private final Catalog catalog = catalog(List.of(
            model("openai", "small", "0.1", "0.2", 4000),
            model("openai", "big", "1", "2", 100000),
            model("anthropic", "claude", "1", "2", 100000)));
    private final RouterSettings settings = settings(
            Map.of("openai", provider("http://127.0.0.1:1")),
            Map.of("code_analysis", route("openai/small", "anthropic/claude", "openai/big")));
    private final CircuitBreakers breakers = new CircuitBreakers(
            new RouterSettings.Circuit(1, java.time.Duration.ofMinutes(5)),
            java.time.Clock.systemUTC(),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    private final Planner planner =
            new Planner(catalog, new Providers(settings), breakers, new ModelStats(), settings, Clock.systemUTC());

    @Test
    void theRouteSkipsModelsOfDisabledProviders() throws JobRejected {
        assertThat(planner.plan(job().build()))
                .containsExactly(new ModelRef("openai", "small"), new ModelRef("openai", "big"));
    }

    @Test
    void modelsWithOpenCircuitsAreLeftOutOfNewPlans() throws JobRejected {
        breakers.onFailure("openai", "small", dev.conveyor.router.provider.ErrorType.SERVER_ERROR);
        assertThat(planner.plan(job().build())).containsExactly(new ModelRef("openai", "big"));
    }

    @Test
    void aPromptTooLongForASmallModelIsPlannedOnlyOnLargerOnes() throws JobRejected {
        String longPrompt = "word ".repeat(5_000);
        CompletionRequest job =
                job().setMessages(List.of(new ChatMessage("user", longPrompt))).build();
        assertThat(planner.plan(job)).containsExactly(new ModelRef("openai", "big"));
    }

    @Test
    void theCostStrategyPutsTheCheapestModelFirstWhateverTheConfiguredOrder() throws JobRejected {
        RouterSettings reversed = settings(
                Map.of("openai", provider("http://127.0.0.1:1")),
                Map.of("code_analysis", route("openai/big", "openai/small")));
        Planner costFirst =
                new Planner(catalog, new Providers(reversed), breakers, new ModelStats(), reversed, Clock.systemUTC());
        assertThat(costFirst.plan(job().build()).getFirst()).isEqualTo(new ModelRef("openai", "small"));
    }

    @Test
    void aRouteNamingAModelOutsideTheCatalogFailsAtStart() {
        RouterSettings bad = settings(Map.of(), Map.of("docs", route("openai/nope")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new Planner(catalog, new Providers(bad), breakers, new ModelStats(), bad, Clock.systemUTC()))
                .hasMessageContaining("conveyor.router.routes.docs.models names 'openai/nope'");
    }

    @Test
    void aModelPinWins() throws JobRejected {
        assertThat(planner.plan(job().setModel("big").build())).containsExactly(new ModelRef("openai", "big"));
    }

    @Test
    void anUnknownPinIsRejected() {
        assertThatThrownBy(() -> planner.plan(job().setModel("gpt-9").build()))
                .isInstanceOf(JobRejected.class)
                .hasMessageContaining("unknown model pin 'gpt-9'");
    }

    @Test
    void anUnknownTaskTypeIsRejected() {
        assertThatThrownBy(() -> planner.plan(job().setTaskType("poetry").build()))
                .isInstanceOf(JobRejected.class)
                .hasMessageContaining("unknown task type 'poetry'");
    }

    @Test
    void aPlanAlreadyInTheMessageIsKept() throws JobRejected {
        List<ModelRef> plan = List.of(new ModelRef("openai", "big"));
        assertThat(planner.plan(job().setPlan(plan).build())).isEqualTo(plan);
    }

    private static CompletionRequest.Builder job() {
        return CompletionRequest.newBuilder()
                .setJobId("j")
                .setTenantId("t")
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "hi")));
    }
}
