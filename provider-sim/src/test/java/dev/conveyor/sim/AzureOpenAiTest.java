package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.chat;
import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureOpenAiTest {

    @RegisterExtension
    static final RunningSimulator sim = new RunningSimulator();

    @Test
    void deploymentInThePathIsTheModelAndTheLedgerSaysAzure() {
        var response = sim.client()
                .post(
                        "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21",
                        chat("ignored-by-azure", "Refactor class Cart"),
                        "api-key",
                        "azure-key",
                        "x-client-request-id",
                        "azure-1");

        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response);
        assertThat(body.get("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(body.at("/choices/0/content_filter_results/hate/filtered").asBoolean())
                .isFalse();
        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("azure-1"))
                .singleElement()
                .satisfies(entry -> assertThat(entry.protocol()).isEqualTo(Protocol.AZURE_OPENAI));
    }

    @Test
    void missingApiVersionIsResourceNotFound() {
        var response = sim.client()
                .post("/openai/deployments/gpt-4o/chat/completions", chat("gpt-4o", "hi"), "api-key", "azure-key");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).at("/error/message").asString()).isEqualTo("Resource not found");
    }

    @Test
    void bearerTokenIsAcceptedInsteadOfAnApiKey() {
        var response = sim.client()
                .post(
                        "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
                        chat("gpt-4o", "hi"),
                        "authorization",
                        "Bearer entra-token");

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
