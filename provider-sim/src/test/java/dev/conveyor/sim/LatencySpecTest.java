package dev.conveyor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencySpecTest {

    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void fixedLatencyIsAlwaysTheSame() {
        var spec = LatencySpec.fixed(Duration.ofMillis(250));

        assertThat(IntStream.range(0, 100).mapToObj(i -> spec.sample(random))).containsOnly(Duration.ofMillis(250));
    }

    @Test
    void uniformLatencyStaysWithinItsBoundsAndCoversThem() {
        var spec = LatencySpec.uniform(Duration.ofMillis(10), Duration.ofMillis(20));

        long[] samples = IntStream.range(0, 2_000)
                .mapToLong(i -> spec.sample(random).toMillis())
                .toArray();

        assertThat(Arrays.stream(samples).boxed()).allMatch(ms -> ms >= 10 && ms <= 20);
        assertThat(Arrays.stream(samples).min().orElseThrow()).isEqualTo(10);
        assertThat(Arrays.stream(samples).max().orElseThrow()).isEqualTo(20);
    }

    @Test
    void logNormalLatencyHasTheConfiguredMedianAndSpread() {
        var spec = LatencySpec.logNormal(Duration.ofMillis(2_000), 0.6);

        long[] samples = IntStream.range(0, 20_001)
                .mapToLong(i -> spec.sample(random).toMillis())
                .sorted()
                .toArray();

        assertThat(samples[10_000]).isBetween(1_900L, 2_100L);
        // The 84th percentile of a lognormal is median * exp(sigma).
        assertThat(samples[16_800]).isBetween(3_400L, 3_900L);
        assertThat(samples[0]).isNotNegative();
    }

    @Test
    void uniformBoundsMustBeOrdered() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LatencySpec.uniform(Duration.ofMillis(20), Duration.ofMillis(10)))
                .withMessageContaining("latency.maxMillis");
    }
}
