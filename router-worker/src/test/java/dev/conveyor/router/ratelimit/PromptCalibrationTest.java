package dev.conveyor.router.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptCalibrationTest {

    @Test
    void anUncountedModelsPromptsArePaddedByAQuarter() {
        assertThat(new PromptCalibration().reserve(80)).isEqualTo(100);
    }

    @Test
    void aProviderThatCountsMoreTokensIsReservedForAtLeastWhatItCounts() {
        PromptCalibration calibration = new PromptCalibration();
        long[][] estimatedAndReported = {{79, 91}, {84, 94}, {80, 92}, {85, 96}};
        for (int i = 0; i < 200; i++) {
            long[] call = estimatedAndReported[i % estimatedAndReported.length];
            calibration.observe(call[0], call[1]);
        }

        for (long[] call : estimatedAndReported) {
            assertThat(calibration.reserve(call[0])).isBetween(call[1], Math.round(call[1] * 1.05));
        }
    }

    @Test
    void aProviderThatCountsFewerTokensIsReservedForFewer() {
        PromptCalibration calibration = new PromptCalibration();
        for (int i = 0; i < 50; i++) {
            calibration.observe(100, 90);
        }

        assertThat(calibration.reserve(100)).isEqualTo(90);
    }

    @Test
    void callsWithoutAReportedCountTeachNothing() {
        PromptCalibration calibration = new PromptCalibration();
        calibration.observe(100, 0);

        assertThat(calibration.factor()).isEqualTo(PromptCalibration.UNKNOWN);
    }
}
