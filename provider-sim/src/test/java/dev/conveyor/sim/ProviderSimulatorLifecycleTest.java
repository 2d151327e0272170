package dev.conveyor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderSimulatorLifecycleTest {

    @Test
    void portInUseFailsToStartNamingThePortAndLeavesNoEventLoopRunning() {
        try (var first = ProviderSimulator.start(SimulatorConfig.defaults())) {
            int before = nettyThreads();

            assertThatIllegalStateException()
                    .isThrownBy(() ->
                            ProviderSimulator.start(SimulatorConfig.defaults().withPort(first.port())))
                    .withMessageContaining(":" + first.port());
            // shutdown completes its termination future from inside the loop's own thread, which then
            // still has to return: it is alive for a moment after start() threw (a CI failure: 2 > 1).
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(nettyThreads()).isLessThanOrEqualTo(before));
        }
    }

    @Test
    void closedSimulatorNoLongerAcceptsConnections() {
        var sim = ProviderSimulator.start(SimulatorConfig.defaults());
        var client = new SimClient(sim);
        assertThat(client.get("/sim/health").statusCode()).isEqualTo(200);

        sim.close();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.get("/sim/health"))
                .isInstanceOf(UncheckedIOException.class);
    }

    private static int nettyThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith("multiThreadIoEventLoopGroup"))
                .count();
    }
}
