package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicatePlanTest {

    @Test
    void sendsEveryEventOnceInOrderPlusTheRateInDuplicatesOfEventsAlreadySent() {
        DuplicatePlan plan = new DuplicatePlan(100_000, 0.05);
        List<Integer> sent = new ArrayList<>();
        plan.forEach(sent::add);

        assertThat(plan.duplicates()).isEqualTo(5_000);
        assertThat(sent).hasSize(plan.records()).hasSize(105_000);
        int next = 0, duplicates = 0, recent = 0;
        for (int index : sent) {
            if (index == next) {
                next++;
            } else {
                assertThat(index)
                        .as("a duplicate re-sends an event already sent")
                        .isLessThan(next);
                duplicates++;
                recent += next - 1 - index <= DuplicatePlan.RECENT ? 1 : 0;
            }
        }
        assertThat(next).isEqualTo(100_000);
        assertThat(duplicates).isEqualTo(5_000);
        // half are recent by construction, and some of the others happen to be
        assertThat(recent).isBetween(2_400, 3_000);
    }

    @Test
    void duplicatesAreSpreadEvenly() {
        DuplicatePlan plan = new DuplicatePlan(1_000, 0.05);
        List<Integer> sent = new ArrayList<>();
        plan.forEach(sent::add);
        // after the first 500 distinct events, 25 duplicates have been sent
        int distinctSeen = 0, position = 0;
        while (distinctSeen < 500) {
            if (sent.get(position++) == distinctSeen) {
                distinctSeen++;
            }
        }
        assertThat(position).isBetween(524, 526);
    }

    @Test
    void theSamePlanTwiceSendsTheSameOrder() {
        List<Integer> first = new ArrayList<>(), second = new ArrayList<>();
        new DuplicatePlan(10_000, 0.05).forEach(first::add);
        new DuplicatePlan(10_000, 0.05).forEach(second::add);
        assertThat(first).isEqualTo(second);
    }

    @Test
    void noDuplicatesAtRateZeroAndRatesOutsideZeroToOneAreRefused() {
        List<Integer> sent = new ArrayList<>();
        new DuplicatePlan(10, 0).forEach(sent::add);
        assertThat(sent).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThatThrownBy(() -> new DuplicatePlan(10, 1.5)).hasMessageContaining("between 0 and 1");
    }
}
