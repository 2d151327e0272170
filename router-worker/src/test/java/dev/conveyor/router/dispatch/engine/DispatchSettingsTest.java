package dev.conveyor.router.dispatch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatchSettingsTest {

    private final DispatchSettings defaults = DispatchSettings.defaults();

    @Test
    void defaultsKeepTwoThousandInFlight() {
        assertThat(defaults.maxInFlight()).isEqualTo(2_000);
        assertThat(defaults.prefetch()).isEqualTo(200);
        assertThat(defaults.maxPendingPerPartition()).isEqualTo(10_000);
    }

    @Test
    void changingTheCapPrefetchesATenthOfIt() {
        assertThat(defaults.withMaxInFlight(100).prefetch()).isEqualTo(10);
        assertThat(defaults.withMaxInFlight(5).prefetch()).isEqualTo(1);
        assertThat(defaults.withMaxInFlight(1).prefetch()).isEqualTo(1);
    }

    @Test
    void rejectsAnEmptyCapNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withMaxInFlight(0))
                .withMessage("maxInFlight should be greater than 0 (was 0)");
    }

    @Test
    void rejectsAnEmptyPrefetch() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withPrefetch(0))
                .withMessage("prefetch should be greater than 0 (was 0)");
    }

    @Test
    void rejectsAnEmptyPartitionWindow() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withMaxPendingPerPartition(-1))
                .withMessage("maxPendingPerPartition should be greater than 0 (was -1)");
    }

    @Test
    void rejectsNonPositiveIntervalsAndNegativeTimeouts() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withCommitInterval(Duration.ZERO))
                .withMessage("commitInterval should be greater than 0 (was PT0S)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withPollTimeout(null))
                .withMessage("pollTimeout should be greater than 0 (was null)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withRevocationTimeout(Duration.ofSeconds(-1)))
                .withMessage("revocationTimeout should be 0 or more (was PT-1S)");
        assertThat(defaults.withCloseTimeout(Duration.ZERO).closeTimeout()).isZero();
    }
}
