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
        assertThat(defaults.resumeInFlight()).isEqualTo(1_800);
        assertThat(defaults.maxPendingPerPartition()).isEqualTo(10_000);
    }

    @Test
    void changingTheCapMovesTheResumeMarkToATenthBelowIt() {
        assertThat(defaults.withMaxInFlight(100).resumeInFlight()).isEqualTo(90);
        assertThat(defaults.withMaxInFlight(5).resumeInFlight()).isEqualTo(4);
        assertThat(defaults.withMaxInFlight(1).resumeInFlight()).isZero();
    }

    @Test
    void rejectsAnEmptyCapNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withMaxInFlight(0))
                .withMessage("maxInFlight should be greater than 0 (was 0)");
    }

    @Test
    void rejectsAResumeMarkAtOrAboveTheCap() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withResumeInFlight(2_000))
                .withMessageContaining("resumeInFlight should be at least 0 and less than maxInFlight 2000");
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
