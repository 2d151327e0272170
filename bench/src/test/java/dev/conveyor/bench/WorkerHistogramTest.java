package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

class WorkerHistogramTest {

    private static String exposition(long lowest, long middle, long all) {
        return """
                # HELP conveyor_dispatch_overhead_seconds Time a job spends in the router
                # TYPE conveyor_dispatch_overhead_seconds histogram
                conveyor_dispatch_overhead_seconds_bucket{le="0.001"} %d
                conveyor_dispatch_overhead_seconds_bucket{le="0.002"} %d
                conveyor_dispatch_overhead_seconds_bucket{le="+Inf"} %d
                conveyor_dispatch_overhead_seconds_count %d
                conveyor_dispatch_processing_seconds_bucket{engine="router",le="0.001"} 999
                """.formatted(lowest, middle, all, all);
    }

    @Test
    void aWindowsPercentileIsTheBoundOfTheBucketItFallsIn() {
        WorkerHistogram before = WorkerHistogram.parse(exposition(100, 100, 100), "conveyor_dispatch_overhead_seconds");
        WorkerHistogram after = WorkerHistogram.parse(exposition(190, 199, 200), "conveyor_dispatch_overhead_seconds");

        WorkerHistogram window = after.since(before);

        assertThat(window.count()).isEqualTo(100);
        assertThat(window.percentile(50)).isEqualTo(0.001);
        assertThat(window.percentile(95)).isEqualTo(0.002);
        assertThat(window.percentile(100)).isInfinite();
    }

    @Test
    void anEmptyWindowHasNoPercentile() {
        WorkerHistogram reading = WorkerHistogram.parse(exposition(1, 2, 3), "conveyor_dispatch_overhead_seconds");

        assertThat(reading.since(reading).percentile(99)).isNaN();
    }

    @Test
    void aMissingHistogramIsAnError() {
        assertThatIllegalStateException()
                .isThrownBy(() -> WorkerHistogram.parse(exposition(1, 2, 3), "conveyor_nothing_seconds"))
                .withMessageContaining("conveyor_nothing_seconds");
    }
}
