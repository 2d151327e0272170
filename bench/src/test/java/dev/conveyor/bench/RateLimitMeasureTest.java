package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RateLimitMeasureTest {

    private static final long WINDOW = 10_000;
    private static final long FROM = 1_000 * WINDOW;

    @Test
    void aModelIsPermittedItsRequestLimitOrItsTokenLimitOverItsMeanChargeWhicheverIsLower() {
        ProviderLimit byTokens = new ProviderLimit("m", 600, 240_000);
        ProviderLimit byRequests = new ProviderLimit("r", 250, 200_000);

        assertThat(byTokens.callsPerWindow(480)).isEqualTo(500.0);
        assertThat(byTokens.binding(480)).isEqualTo("tokens");
        assertThat(byRequests.callsPerWindow(600)).isEqualTo(250.0);
        assertThat(byRequests.binding(600)).isEqualTo("requests");
        assertThat(new ProviderLimit("t", 0, 1_000).callsPerWindow(100)).isEqualTo(10.0);
        assertThat(new ProviderLimit("q", 7, 0).callsPerWindow(100)).isEqualTo(7.0);
    }

    @Test
    void limitsAreReadAsModelRequestsAndTokens() {
        assertThat(ProviderLimit.parse("gpt-4.1-mini=600:240000"))
                .isEqualTo(new ProviderLimit("gpt-4.1-mini", 600, 240_000));
        assertThatThrownBy(() -> ProviderLimit.parse("gpt-4.1-mini=600")).hasMessageContaining("MODEL=REQUESTS:TOKENS");
        assertThatThrownBy(() -> ProviderLimit.parse("m=0:0")).hasMessageContaining("above 0");
    }

    @Test
    void achievedCountsSuccessesInTheWholeWindowsOfTheSteadySpanOnly() {
        List<SimCall> ledger = new ArrayList<>();
        ledger.add(new SimCall(FROM - 1, "m", 200, 100)); // warm-up: not counted as achieved
        for (int w = 0; w < 3; w++) {
            for (int i = 0; i < 8; i++) {
                ledger.add(new SimCall(FROM + w * WINDOW + i * 100, "m", 200, 100));
            }
        }
        ledger.add(new SimCall(FROM + WINDOW + 5, "m", 429, 0));
        ledger.add(new SimCall(FROM + 3 * WINDOW, "m", 200, 100)); // after the span: no count at all
        // 10 requests per window; tokens 100 prompt + 100 output = 200 each, 1,600 / 200 = 8 per window
        var measure =
                new RateLimitMeasure(List.of(new ProviderLimit("m", 10, 1_600)), Map.of("m", 100.0), WINDOW, FROM, 3);

        ObjectNode json = Json.object();
        measure.write(ledger, json);

        assertThat(json.path("permitted_per_s").asDouble()).isEqualTo(0.8);
        assertThat(json.path("achieved_per_s").asDouble()).isEqualTo(0.8);
        assertThat(json.path("utilization").asDouble()).isEqualTo(1.0);
        assertThat(json.path("calls").asLong()).isEqualTo(26);
        assertThat(json.path("http_429").asLong()).isEqualTo(1);
        assertThat(json.path("rate_429").asDouble()).isCloseTo(1 / 26.0, within(1e-5));
        assertThat(json.path("steady_http_429").asLong()).isEqualTo(1);
        assertThat(json.path("models").path("m").path("binding").asString()).isEqualTo("tokens");
        assertThat(json.path("succeeded_per_window").toString()).isEqualTo("[8,8,8]");
    }

    @Test
    void permittedAddsUpOverModelsAndAWindowWithoutCallsCountsAsNothing() {
        List<SimCall> ledger = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ledger.add(new SimCall(FROM + i, "a", 200, 50));
            ledger.add(new SimCall(FROM + i, "b", 200, 50));
        }
        var measure = new RateLimitMeasure(
                List.of(new ProviderLimit("a", 10, 0), new ProviderLimit("b", 10, 0)), Map.of(), WINDOW, FROM, 2);

        ObjectNode json = Json.object();
        measure.write(ledger, json);

        assertThat(json.path("permitted_per_s").asDouble()).isEqualTo(2.0);
        assertThat(json.path("achieved_per_s").asDouble()).isEqualTo(0.5);
        assertThat(json.path("utilization").asDouble()).isEqualTo(0.25);
        assertThat(json.path("succeeded_per_window").toString()).isEqualTo("[10,0]");
    }

    @Test
    void ledgerTimesAreReadAsInstantsOrEpochSeconds() {
        assertThat(Simulator.millis(Json.read("\"2026-01-01T00:00:01.250Z\""))).isEqualTo(1_767_225_601_250L);
        assertThat(Simulator.millis(Json.read("1767225601.25"))).isEqualTo(1_767_225_601_250L);
    }
}
