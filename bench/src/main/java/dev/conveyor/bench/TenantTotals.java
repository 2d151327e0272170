package dev.conveyor.bench;

import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a ledger should hold for one tenant: requests, tokens by kind and cost, summed exactly.
 * Equal totals compare cost by value ({@code 1.50} equals {@code 1.500000000}).
 */
record TenantTotals(long requests, long inputTokens, long cachedInputTokens, long outputTokens, BigDecimal costUsd) {

    static final TenantTotals ZERO = new TenantTotals(0, 0, 0, 0, BigDecimal.ZERO);

    TenantTotals plus(UsageEvent event) {
        return new TenantTotals(
                requests + 1,
                inputTokens + event.getInputTokens(),
                cachedInputTokens + event.getCachedInputTokens(),
                outputTokens + event.getOutputTokens(),
                costUsd.add(event.getCostUsd()));
    }

    boolean sameAs(TenantTotals other) {
        return other != null
                && requests == other.requests
                && inputTokens == other.inputTokens
                && cachedInputTokens == other.cachedInputTokens
                && outputTokens == other.outputTokens
                && costUsd.compareTo(other.costUsd) == 0;
    }

    /** Per-tenant sums that the driver keeps while it produces: each distinct event added once. */
    static final class Expected {

        private final Map<String, TenantTotals> byTenant = new TreeMap<>();

        void add(UsageEvent event) {
            byTenant.merge(event.getTenantId(), ZERO.plus(event), (sum, one) -> sum.plus(event));
        }

        Map<String, TenantTotals> byTenant() {
            return byTenant;
        }

        long requests() {
            return byTenant.values().stream().mapToLong(TenantTotals::requests).sum();
        }
    }

    /** Tenants whose ledger totals differ from the expected ones (missing or extra tenants included). */
    static int mismatches(Map<String, TenantTotals> expected, Map<String, TenantTotals> actual) {
        int mismatched = 0;
        for (Map.Entry<String, TenantTotals> entry : expected.entrySet()) {
            if (!entry.getValue().sameAs(actual.get(entry.getKey()))) {
                mismatched++;
            }
        }
        for (String tenant : actual.keySet()) {
            if (!expected.containsKey(tenant)) {
                mismatched++;
            }
        }
        return mismatched;
    }

    /** Requests counted more than once: per tenant, ledger requests beyond the distinct events, summed. */
    static long doubleCounted(Map<String, TenantTotals> expected, Map<String, TenantTotals> actual) {
        long extra = 0;
        for (Map.Entry<String, TenantTotals> entry : actual.entrySet()) {
            TenantTotals want = expected.getOrDefault(entry.getKey(), ZERO);
            extra += Math.max(0, entry.getValue().requests() - want.requests());
        }
        return extra;
    }
}
