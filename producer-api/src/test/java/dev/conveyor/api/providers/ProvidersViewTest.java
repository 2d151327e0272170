package dev.conveyor.api.providers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProvidersViewTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private final JsonNode router = json.readTree("""
            {"providers": [
              {"name": "openai", "kind": "openai", "enabled": true,
               "models": [{"spec": {"provider": "openai", "model": "gpt-4.1-mini", "inputPerMillion": 0.40,
                                    "outputPerMillion": 1.60, "pricesEffective": "2025-04-14", "contextWindow": 1047576,
                                    "capabilities": ["chat", "code"]},
                           "circuit": {"state": "OPEN", "consecutiveFailures": 3, "lastProbe": null},
                           "latencyMs": 812.5, "errorRate": 0.2}],
               "rateLimits": [{"model": "*", "kind": "requests", "limitPerWindow": 6000.0, "permitsGranted": 12.0}]},
              {"name": "anthropic", "kind": "anthropic", "enabled": false,
               "models": [{"spec": {"provider": "anthropic", "model": "claude-haiku-4.5"}, "circuit": null}],
               "rateLimits": []}]}
            """);

    @Test
    void modelsAreAnOpenAiListWithPricesAndContextWindowsInSnakeCase() {
        JsonNode models = ProvidersView.models(router);

        assertThat(models.path("object").asString()).isEqualTo("list");
        JsonNode mini = models.path("data").get(0);
        assertThat(mini.path("id").asString()).isEqualTo("gpt-4.1-mini");
        assertThat(mini.path("object").asString()).isEqualTo("model");
        assertThat(mini.path("owned_by").asString()).isEqualTo("openai");
        assertThat(mini.path("created").asLong()).isEqualTo(1744588800L);
        assertThat(mini.path("input_per_million").decimalValue()).isEqualByComparingTo("0.40");
        assertThat(mini.path("context_window").asInt()).isEqualTo(1047576);
        assertThat(mini.path("enabled").asBoolean()).isTrue();
        assertThat(models.path("data").get(1).path("enabled").asBoolean()).isFalse();
    }

    @Test
    void providersShowEachModelsCircuitAndOnlyOperatorsSeeRateLimits() {
        JsonNode tenants = ProvidersView.providers(router, false);
        JsonNode operators = ProvidersView.providers(router, true);

        JsonNode openai = tenants.path("data").get(0);
        assertThat(openai.path("models").get(0).path("circuit").path("state").asString())
                .isEqualTo("OPEN");
        assertThat(openai.path("models")
                        .get(0)
                        .path("circuit")
                        .path("consecutive_failures")
                        .asInt())
                .isEqualTo(3);
        assertThat(openai.path("models").get(0).path("latency_ms").asDouble()).isEqualTo(812.5);
        assertThat(openai.has("rate_limits")).isFalse();
        JsonNode neverCalled = tenants.path("data").get(1).path("models").get(0).path("circuit");
        assertThat(neverCalled.path("state").asString()).isEqualTo("CLOSED");
        assertThat(operators
                        .path("data")
                        .get(0)
                        .path("rate_limits")
                        .get(0)
                        .path("limit_per_window")
                        .asDouble())
                .isEqualTo(6000.0);
    }
}
