package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.chat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LatencyTest {

    @RegisterExtension
    static final RunningSimulator sim = new RunningSimulator(SimulatorConfig.defaults()
            .withModel("gpt-4o", model -> model.withLatency(LatencySpec.fixed(Duration.ofMillis(300)))));

    @Test
    void fixedLatencyDelaysTheAnswer() {
        long started = System.nanoTime();
        var response = sim.client().post("/v1/chat/completions", chat("gpt-4o", "hi"), "authorization", "Bearer k");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void otherModelsKeepTheirOwnLatency() {
        long started = System.nanoTime();
        sim.client().post("/v1/chat/completions", chat("gpt-4o-mini", "hi"), "authorization", "Bearer k");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300));
    }
}
