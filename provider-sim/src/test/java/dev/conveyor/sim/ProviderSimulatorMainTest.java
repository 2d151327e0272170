package dev.conveyor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderSimulatorMainTest {

    @TempDir
    Path dir;

    @Test
    void defaultsToPort8089AndNoLatency() {
        var config = ProviderSimulatorMain.configFrom(new String[0]);

        assertThat(config.port()).isEqualTo(8089);
        assertThat(config.model("gpt-4o").orElseThrow().latency()).isEqualTo(LatencySpec.none());
    }

    @Test
    void flagsSetPortAndFixedLatencyForEveryModel() {
        var config = ProviderSimulatorMain.configFrom(new String[] {"--port", "0", "--latency-ms", "250"});

        assertThat(config.port()).isZero();
        assertThat(config.models().values())
                .allSatisfy(model -> assertThat(model.latency()).isEqualTo(LatencySpec.fixed(Duration.ofMillis(250))));
    }

    @Test
    void flagsWinOverTheConfigFile() throws IOException {
        Path file = dir.resolve("sim.yml");
        Files.writeString(file, "port: 9100\nmodels:\n  gpt-4o:\n    contextWindow: 1000\n");

        var config = ProviderSimulatorMain.configFrom(new String[] {"--port", "9200", "--config", file.toString()});

        assertThat(config.port()).isEqualTo(9200);
        assertThat(config.model("gpt-4o").orElseThrow().contextWindow()).isEqualTo(1000);
    }

    @Test
    void unknownFlagIsRejectedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProviderSimulatorMain.configFrom(new String[] {"--latency", "5"}))
                .withMessageContaining("--latency");
    }
}
