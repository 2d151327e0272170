package dev.conveyor.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Prices;
import dev.conveyor.catalog.TokenKind;
import dev.conveyor.sim.ModelSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running services read one catalog: every model the catalog file holds is listed by producer-api's {@code GET
 * /v1/models} (which the router's providers endpoint feeds) with the file's wire id, context window, output limit and
 * today's prices, nothing else is listed, and the simulator standing in for the providers serves each under its wire
 * id with the same limits. A copy of a model's facts kept anywhere on that path fails here.
 */
class CatalogReadersTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theApiTheRouterAndTheSimulatorAgreeWithTheCatalogFile() throws Exception {
        ConveyorStack stack = ObservedStack.get();
        String key = ObservedStack.newTenantKey("tenant-" + UUID.randomUUID());
        HttpResponse<String> reply = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/models"))
                                .header("Authorization", "Bearer " + key)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        Map<String, JsonNode> listed = new TreeMap<>();
        for (JsonNode model : json.readTree(reply.body()).path("data")) {
            listed.put(
                    model.path("owned_by").asString() + "/" + model.path("id").asString(), model);
        }

        Catalog catalog = Catalog.load();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, Model> expected = new TreeMap<>();
        catalog.models().forEach(m -> expected.put(m.provider() + "/" + m.id(), m));
        assertThat(listed.keySet()).as("GET /v1/models").isEqualTo(expected.keySet());
        expected.forEach((name, model) -> {
            JsonNode api = listed.get(name);
            Prices prices = model.pricesOn(today);
            assertThat(api.path("wire_id").asString()).as(name).isEqualTo(model.wireId());
            assertThat(api.path("context_window").asInt()).as(name).isEqualTo(model.contextWindow());
            assertThat(api.path("max_output_tokens").asInt()).as(name).isEqualTo(model.maxOutputTokens());
            assertThat(api.path("input_per_million").decimalValue())
                    .as(name)
                    .isEqualByComparingTo(prices.price(TokenKind.INPUT));
            assertThat(api.path("output_per_million").decimalValue())
                    .as(name)
                    .isEqualByComparingTo(prices.price(TokenKind.OUTPUT));

            ModelSpec simulated =
                    stack.simulator().config().model(model.wireId()).orElse(null);
            assertThat(simulated)
                    .as("the simulator serves %s as %s", name, model.wireId())
                    .isNotNull();
            assertThat(simulated.contextWindow()).as(name).isEqualTo(model.contextWindow());
            assertThat(simulated.maxOutputTokens()).as(name).isEqualTo(model.maxOutputTokens());
        });
    }
}
