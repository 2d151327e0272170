package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentileIsTheNearestRank() {
        double[] samples = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};

        assertThat(Stats.percentile(samples, 50)).isEqualTo(5);
        assertThat(Stats.percentile(samples, 99)).isEqualTo(10);
        assertThat(Stats.percentile(samples, 100)).isEqualTo(10);
        assertThat(Stats.percentile(samples, 10)).isEqualTo(1);
    }

    @Test
    void percentileOfNothingIsNotANumber() {
        assertThat(Stats.percentile(new double[0], 50)).isNaN();
    }

    @Test
    void steadyRateIgnoresASlowStartAndALongDrain() {
        // 1,000 completions at 100/s, then a straggler 60 s later: the drain does not count.
        long[] times = LongStream.concat(LongStream.range(0, 1000).map(i -> 5_000 + i * 10), LongStream.of(75_000))
                .toArray();

        assertThat(Stats.steadyRate(times)).isCloseTo(100, within(1.0));
    }

    @Test
    void steadyRateNeedsTwoDistinctTimes() {
        assertThat(Stats.steadyRate(new long[] {7})).isNaN();
        assertThat(Stats.steadyRate(new long[] {7, 7, 7})).isNaN();
    }

    @Test
    void everyCompletionAtOneInstantBesidesOneFallsBackToTheWholeSpan() {
        assertThat(Stats.steadyRate(new long[] {0, 1000, 1000, 1000, 1000})).isEqualTo(4.0);
    }
}
