package dev.conveyor.sim.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiDurationsTest {

    @Test
    void formatsLikeOpenAisResetHeaders() {
        assertThat(OpenAiDurations.format(Duration.ofMillis(120))).isEqualTo("120ms");
        assertThat(OpenAiDurations.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(OpenAiDurations.format(Duration.ofMillis(59_500))).isEqualTo("59.5s");
        assertThat(OpenAiDurations.format(Duration.ofMinutes(6))).isEqualTo("6m0s");
        assertThat(OpenAiDurations.format(Duration.ofSeconds(3_723))).isEqualTo("1h2m3s");
    }
}
