package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.chat;
import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminConfigTest {

    @RegisterExtension
    final RunningSimulator sim = new RunningSimulator();

    private int status(String model) {
        return sim.client()
                .post("/v1/chat/completions", chat(model, "hi"), "authorization", "Bearer k")
                .statusCode();
    }

    @Test
    void patchChangesOneModelWhileRunning() {
        var response = sim.client()
                .post("/sim/admin/config", "{\"models\":{\"gpt-4o\":{\"faults\":{\"errorRates\":{\"502\":1.0}}}}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).at("/models/gpt-4o/faults/errorRates/502").asDouble())
                .isEqualTo(1.0);
        assertThat(status("gpt-4o")).isEqualTo(502);
        assertThat(status("gpt-4o-mini")).isEqualTo(200);
        assertThat(sim.simulator().config().model("gpt-4o").orElseThrow().contextWindow())
                .isEqualTo(128_000);
    }

    @Test
    void allModelsPatchAppliesToEveryModel() {
        sim.client()
                .post(
                        "/sim/admin/config",
                        "{\"allModels\":{\"latency\":{\"kind\":\"lognormal\",\"millis\":900,\"sigma\":0.4}}}");

        assertThat(sim.simulator().config().models().values())
                .allSatisfy(model -> assertThat(model.latency())
                        .isEqualTo(LatencySpec.logNormal(java.time.Duration.ofMillis(900), 0.4)));
    }

    @Test
    void patchCanAddAModel() {
        sim.client()
                .post(
                        "/sim/admin/config",
                        "{\"models\":{\"local-llama\":{\"provider\":\"OPENAI\",\"contextWindow\":8192}}}");

        var call = sim.client().post("/v1/chat/completions", chat("local-llama", "hi"), "authorization", "Bearer k");
        assertThat(call.statusCode())
                .as(call.body() + sim.simulator().config().models().keySet())
                .isEqualTo(200);
    }

    @Test
    void invalidValueIsRejectedNamingTheKeyAndChangesNothing() {
        var response =
                sim.client().post("/sim/admin/config", "{\"models\":{\"gpt-4o\":{\"faults\":{\"hangRate\":2}}}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asString()).contains("faults.hangRate");
        assertThat(sim.simulator()
                        .config()
                        .model("gpt-4o")
                        .orElseThrow()
                        .faults()
                        .hangRate())
                .isZero();
    }

    @Test
    void unknownKeyIsRejected() {
        var response = sim.client().post("/sim/admin/config", "{\"models\":{\"gpt-4o\":{\"latencyMs\":5}}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asString()).contains("latencyMs");
    }

    @Test
    void portCannotBeChangedWhileRunning() {
        int port = sim.simulator().port();

        sim.client().post("/sim/admin/config", "{\"port\":1234}");

        assertThat(sim.simulator().config().port())
                .isEqualTo(sim.simulator().config().port())
                .isNotEqualTo(1234);
        assertThat(sim.simulator().port()).isEqualTo(port);
    }

    @Test
    void configCanBeRead() {
        var config = json(sim.client().get("/sim/admin/config"));

        assertThat(config.at("/models/claude-sonnet-4-5/provider").asString()).isEqualTo("ANTHROPIC");
        assertThat(config.at("/models/gemini-2.5-pro/contextWindow").asInt()).isEqualTo(1_048_576);
    }

    @Test
    void ledgerCanBeCleared() {
        status("gpt-4o");

        var response = sim.client()
                .send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(sim.simulator().baseUrl() + "/sim/ledger"))
                        .DELETE()
                        .build());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(sim.simulator().ledger()).isEmpty();
        assertThat(sim.simulator().ledgerTotals()).isEmpty();
    }
}
