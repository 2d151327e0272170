package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantTotalsTest {

    @Test
    void expectedTotalsCountEachDistinctEventOnceWhateverTheDuplicates() {
        UsageMix mix = new UsageMix("run-2", 20, YearMonth.of(2026, 10));
        DuplicatePlan plan = new DuplicatePlan(5_000, 0.05);
        TenantTotals.Expected expected = new TenantTotals.Expected();
        Set<Integer> seen = new HashSet<>();
        int[] next = {0};
        plan.forEach(index -> {
            if (index == next[0]) { // as the driver does: a distinct event is summed when first sent
                expected.add(mix.event(index, plan.distinct()));
                next[0]++;
            }
            seen.add(index);
        });

        // the same sums computed independently, from the distinct events alone
        BigDecimal cost = BigDecimal.ZERO;
        long input = 0, output = 0, cached = 0;
        for (int i = 0; i < plan.distinct(); i++) {
            UsageEvent event = mix.event(i, plan.distinct());
            cost = cost.add(event.getCostUsd());
            input += event.getInputTokens();
            output += event.getOutputTokens();
            cached += event.getCachedInputTokens();
        }
        Map<String, TenantTotals> byTenant = expected.byTenant();
        assertThat(seen).hasSize(5_000);
        assertThat(expected.requests()).isEqualTo(5_000);
        assertThat(byTenant).hasSize(20);
        assertThat(byTenant.values().stream().map(TenantTotals::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualTo(cost);
        assertThat(byTenant.values().stream()
                        .mapToLong(TenantTotals::inputTokens)
                        .sum())
                .isEqualTo(input);
        assertThat(byTenant.values().stream()
                        .mapToLong(TenantTotals::outputTokens)
                        .sum())
                .isEqualTo(output);
        assertThat(byTenant.values().stream()
                        .mapToLong(TenantTotals::cachedInputTokens)
                        .sum())
                .isEqualTo(cached);
    }

    @Test
    void costComparesByValueToTheLastDecimal() {
        TenantTotals want = new TenantTotals(2, 10, 0, 5, new BigDecimal("1.5"));
        assertThat(want.sameAs(new TenantTotals(2, 10, 0, 5, new BigDecimal("1.500000000"))))
                .isTrue();
        assertThat(want.sameAs(new TenantTotals(2, 10, 0, 5, new BigDecimal("1.500000001"))))
                .isFalse();
        assertThat(want.sameAs(null)).isFalse();
    }

    @Test
    void mismatchesCountMissingWrongAndUnexpectedTenants() {
        TenantTotals one = new TenantTotals(1, 10, 0, 5, new BigDecimal("0.000100000"));
        Map<String, TenantTotals> expected = Map.of("a", one, "b", one, "c", one);
        Map<String, TenantTotals> actual =
                Map.of("a", one, "b", new TenantTotals(1, 10, 0, 5, new BigDecimal("0.000100001")), "z", one);
        assertThat(TenantTotals.mismatches(expected, actual)).isEqualTo(3); // b wrong, c missing, z unexpected
    }

    @Test
    void doubleCountedSumsRequestsBeyondTheDistinctEventsPerTenant() {
        Map<String, TenantTotals> expected = Map.of(
                "a", new TenantTotals(10, 0, 0, 0, BigDecimal.ZERO),
                "b", new TenantTotals(10, 0, 0, 0, BigDecimal.ZERO));
        Map<String, TenantTotals> actual = Map.of(
                "a", new TenantTotals(12, 0, 0, 0, BigDecimal.ZERO), // two counted twice
                "b", new TenantTotals(9, 0, 0, 0, BigDecimal.ZERO), // one missing: lost, not double counted
                "x", new TenantTotals(1, 0, 0, 0, BigDecimal.ZERO)); // never sent
        assertThat(TenantTotals.doubleCounted(expected, actual)).isEqualTo(3);
    }
}
