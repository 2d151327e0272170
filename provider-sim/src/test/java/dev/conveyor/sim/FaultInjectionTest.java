package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.chat;
import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.embedded.MutableClock;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultInjectionTest {

    private static final String PATH = "/v1/chat/completions";
    private static final String[] KEY = {"authorization", "Bearer k"};

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @RegisterExtension
    final RunningSimulator sim = new RunningSimulator(
            SimulatorConfig.defaults()
                    .withModel(
                            "gpt-4o",
                            model -> model.withFaults(FaultSpec.none()
                                    .withOutage(Outage.between(
                                            Duration.ofSeconds(10), Duration.ofSeconds(20), OutageMode.REFUSE))
                                    .withOutage(Outage.between(
                                            Duration.ofSeconds(30), Duration.ofSeconds(40), OutageMode.UNAVAILABLE)))),
            clock);

    private int status(String model) {
        return sim.client().post(PATH, chat(model, "hi"), KEY).statusCode();
    }

    @Test
    void scheduledOutageRefusesConnectionsOnlyInsideItsWindow() {
        assertThat(status("gpt-4o")).isEqualTo(200);

        clock.advance(Duration.ofSeconds(15));
        assertThatThrownBy(() -> status("gpt-4o")).isInstanceOf(UncheckedIOException.class);
        assertThat(status("gpt-4o-mini")).isEqualTo(200);

        clock.advance(Duration.ofSeconds(10));
        assertThat(status("gpt-4o")).isEqualTo(200);
    }

    @Test
    void unavailableOutageAnswers503InItsWindow() {
        clock.advance(Duration.ofSeconds(35));

        var response = sim.client().post(PATH, chat("gpt-4o", "hi"), KEY);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).at("/error/type").asString()).isEqualTo("server_error");
    }

    @Test
    void refusedCallIsInTheLedgerAsRefused() {
        clock.advance(Duration.ofSeconds(15));

        assertThatThrownBy(() -> sim.client()
                        .post(
                                PATH,
                                chat("gpt-4o", "hi"),
                                "authorization",
                                "Bearer k",
                                "x-client-request-id",
                                "refused-1"))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("refused-1"))
                .singleElement()
                .extracting(LedgerEntry::status)
                .isEqualTo(LedgerEntry.REFUSED);
    }

    @Test
    void hungCallIsNeverAnsweredUntilTheClientGivesUp() {
        sim.simulator()
                .reconfigure(config -> config.withModel(
                        "gpt-4o", model -> model.withFaults(FaultSpec.none().withHangRate(1))));

        assertThatThrownBy(() -> sim.client()
                        .post(
                                PATH,
                                chat("gpt-4o", "hi"),
                                Duration.ofMillis(300),
                                "authorization",
                                "Bearer k",
                                "x-client-request-id",
                                "hung-1"))
                .hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("hung-1"))
                .singleElement()
                .extracting(LedgerEntry::status)
                .isEqualTo(LedgerEntry.HUNG);
    }

    @Test
    void errorRateOfOneFailsEveryCallWithThatStatus() {
        sim.simulator()
                .reconfigure(config -> config.withModel(
                        "gpt-4o", model -> model.withFaults(FaultSpec.none().withErrorRate(500, 1.0))));

        assertThat(status("gpt-4o")).isEqualTo(500);
        assertThat(status("gpt-4o")).isEqualTo(500);
        assertThat(status("gpt-4o-mini")).isEqualTo(200);
    }

    @Test
    void errorRatesSplitCallsInRoughProportion() {
        sim.simulator()
                .reconfigure(config -> config.withModel(
                        "gpt-4o", model -> model.withFaults(FaultSpec.none().withErrorRate(503, 0.5))));

        long failed = java.util.stream.IntStream.range(0, 200)
                .map(i -> status("gpt-4o"))
                .filter(status -> status == 503)
                .count();

        assertThat(failed).isBetween(60L, 140L);
    }

    @Test
    void contentFilterRateOfOneFiltersEveryCompletion() {
        sim.simulator()
                .reconfigure(config -> config.withModel(
                        "gpt-4o", model -> model.withFaults(FaultSpec.none().withContentFilterRate(1))));

        var body = json(sim.client().post(PATH, chat("gpt-4o", "hi"), KEY));

        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("content_filter");
        assertThat(body.at("/usage/completion_tokens").asInt()).isZero();
    }

    @Test
    void modelMarkedDownIsDownUntilMarkedUp() {
        sim.simulator()
                .reconfigure(config -> config.withModel(
                        "gpt-4o", model -> model.withFaults(model.faults().withDown(OutageMode.UNAVAILABLE))));
        assertThat(status("gpt-4o")).isEqualTo(503);

        sim.simulator()
                .reconfigure(config -> config.withModel(
                        "gpt-4o", model -> model.withFaults(model.faults().withDown(null))));
        assertThat(status("gpt-4o")).isEqualTo(200);
    }

    @Test
    void anthropicOverloadIs529WithOverloadedError() {
        var response = sim.client()
                .post(
                        "/v1/messages",
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"#sim-status=529\"}]}",
                        "x-api-key",
                        "k",
                        "anthropic-version",
                        "2023-06-01");

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(json(response).at("/error/type").asString()).isEqualTo("overloaded_error");
    }
}
