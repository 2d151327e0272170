package dev.conveyor.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Protocol;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.TestSettings;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.sim.ProviderSimulator;
import dev.conveyor.sim.SimulatorConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Any one provider is enough: with only it enabled, a job of every default task type is planned
 * on its models and answered by the simulator speaking its protocol (the simulator serves every
 * catalog model: DefaultModelsTest).
 */
class OneProviderTest {

    private static final Catalog CATALOG = Catalog.load();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    private static final ProviderSimulator SIM = ProviderSimulator.start(SimulatorConfig.defaults());

    @AfterAll
    static void stop() {
        SIM.close();
    }

    private static RouterSettings.Provider endpoint(String name) {
        Protocol protocol = CATALOG.provider(name).orElseThrow().protocol();
        boolean azure = name.equals("azure");
        return new RouterSettings.Provider(
                protocol,
                SIM.baseUrl(),
                azure ? "/openai/deployments/{model}/chat/completions?api-version=2024-10-21" : "/v1/chat/completions",
                azure ? "api-key" : "Authorization",
                azure ? "" : "Bearer ",
                "sim-key", // the simulator wants one; Ollama and vLLM ignore it
                CATALOG.provider(name).orElseThrow().local());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai", "azure", "anthropic", "google", "mistral", "together", "vllm", "ollama"})
    void withOnlyThisProviderEnabledEveryDefaultTaskTypeSucceedsOnItsModels(String name) {
        RouterSettings settings = TestSettings.oneTry(Map.of(name, endpoint(name)));
        JobProcessor processor = Processors.direct(CATALOG, settings, CLOCK);

        for (String taskType : CATALOG.taskTypes().keySet()) {
            CompletionRequest job = CompletionRequest.newBuilder()
                    .setJobId(name + "-" + taskType)
                    .setTenantId("t")
                    .setTaskType(taskType)
                    .setMaxTokens(200)
                    .setMessages(List.of(new ChatMessage("user", "Review class Cart for thread safety")))
                    .build();

            Outcome outcome = processor.handle("req", job);

            assertThat(outcome).as(taskType).isInstanceOf(Outcome.Finished.class);
            var result = ((Outcome.Finished) outcome).result();
            assertThat(result.getStatus())
                    .as(taskType + ": " + result.getErrorMessage())
                    .isEqualTo(JobStatus.SUCCEEDED);
            assertThat(result.getProvider()).isEqualTo(name);
            assertThat(result.getContent()).isNotBlank();
        }
    }
}
