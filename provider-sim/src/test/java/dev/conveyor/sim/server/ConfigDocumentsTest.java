package dev.conveyor.sim.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.conveyor.sim.BatchSpec;
import dev.conveyor.sim.ContentMode;
import dev.conveyor.sim.FaultSpec;
import dev.conveyor.sim.LatencySpec;
import dev.conveyor.sim.ModelSpec;
import dev.conveyor.sim.Outage;
import dev.conveyor.sim.OutageMode;
import dev.conveyor.sim.Provider;
import dev.conveyor.sim.RateLimitSpec;
import dev.conveyor.sim.SimulatorConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigDocumentsTest {

    private final SimulatorConfig base = SimulatorConfig.defaults();

    private SimulatorConfig json(String patch) {
        return ConfigDocuments.applyJson(base, patch.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void yamlSetsTheContentModeWhichDefaultsToAnalysed() {
        assertThat(base.content()).isEqualTo(ContentMode.ANALYSED);

        assertThat(ConfigDocuments.applyYaml(base, "content: FIXED").content()).isEqualTo(ContentMode.FIXED);
    }

    @Test
    void yamlSetsBatchSettingsAndRejectsAFractionAboveOne() {
        assertThat(base.batch()).isEqualTo(BatchSpec.defaults());
        assertThat(base.batch().expireAfterMillis())
                .isEqualTo(Duration.ofHours(24).toMillis());

        var config = ConfigDocuments.applyYaml(base, "batch: {delayMillis: 60000, failureFraction: 0.1}");

        assertThat(config.batch()).isEqualTo(new BatchSpec(60_000, 0.1, 0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> json("{\"batch\":{\"failureFraction\":2}}"))
                .withMessageContaining("batch.failureFraction");
    }

    @Test
    void jsonPatchAddsAModel() {
        var config = json("{\"models\":{\"local-llama\":{\"provider\":\"OPENAI\",\"contextWindow\":8192}}}");

        assertThat(config.model("local-llama")).hasValue(ModelSpec.of(Provider.OPENAI, 8192));
        assertThat(config.models()).hasSize(base.models().size() + 1);
    }

    @Test
    void jsonPatchKeepsWhatItDoesNotMention() {
        var config = json("{\"models\":{\"gpt-4o\":{\"latency\":{\"millis\":40}}}}");

        var gpt4o = config.model("gpt-4o").orElseThrow();
        assertThat(gpt4o.latency()).isEqualTo(LatencySpec.fixed(Duration.ofMillis(40)));
        assertThat(gpt4o.contextWindow()).isEqualTo(128_000);
        assertThat(config.model("gpt-4o-mini")).isEqualTo(base.model("gpt-4o-mini"));
    }

    @Test
    void yamlDocumentConfiguresLatencyFaultsLimitsAndOutages() {
        var config = ConfigDocuments.applyYaml(base, """
                port: 9000
                allModels:
                  latency: {kind: lognormal, millis: 2000, sigma: 0.6}
                models:
                  gpt-4o:
                    faults:
                      errorRates: {429: 0.01, 503: 0.02}
                      outages:
                        - {fromMillis: 30000, toMillis: 70000, mode: refuse}
                    rateLimit: {requests: 500, tokens: 200000, windowMillis: 10000}
                """);

        var gpt4o = config.model("gpt-4o").orElseThrow();
        assertThat(config.port()).isEqualTo(9000);
        assertThat(gpt4o.latency()).isEqualTo(LatencySpec.logNormal(Duration.ofSeconds(2), 0.6));
        assertThat(config.model("claude-sonnet-4-5").orElseThrow().latency()).isEqualTo(gpt4o.latency());
        assertThat(gpt4o.faults().errorRates()).containsEntry(429, 0.01).containsEntry(503, 0.02);
        assertThat(gpt4o.faults().outages())
                .containsExactly(Outage.between(Duration.ofSeconds(30), Duration.ofSeconds(70), OutageMode.REFUSE));
        assertThat(gpt4o.rateLimit()).isEqualTo(RateLimitSpec.of(500, 200_000, Duration.ofSeconds(10)));
    }

    @Test
    void statusThatCannotBeInjectedIsRejectedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> json("{\"models\":{\"gpt-4o\":{\"faults\":{\"errorRates\":{\"418\":0.5}}}}}"))
                .withMessageContaining("faults.errorRates.418");
    }

    @Test
    void configRoundTripsThroughJson() {
        var config = base.withModel(
                "gpt-4o",
                model -> model.withFaults(FaultSpec.none()
                        .withErrorRate(503, 0.25)
                        .withOutage(Outage.between(Duration.ZERO, Duration.ofSeconds(5), OutageMode.HANG))));

        var json = Json.bytes(ConfigDocuments.toJson(config));

        assertThat(ConfigDocuments.applyJson(SimulatorConfig.defaults(), json)).isEqualTo(config);
    }
}
