package dev.conveyor.billing.budget;

import dev.conveyor.billing.api.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What the router does with a job whose worst-case cost no longer fits what is left of the
 * tenant's budget or token quota (router-worker's {@code budget} package carries it out).
 */
enum BudgetPolicy {
    /** The job ends FAILED with {@code BUDGET_EXCEEDED}; no call, nothing billed. */
    REJECT,
    /** The cheapest model of the job's chain that still fits is called instead. */
    DOWNGRADE,
    /** The job waits for the next month or a raised budget, within its deadline. */
    HOLD;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy of this wire name ({@code reject}, {@code downgrade}, {@code hold}), if any. */
    static Optional<BudgetPolicy> find(String wire) {
        return Arrays.stream(values()).filter(p -> p.wire().equals(wire)).findFirst();
    }

    static BudgetPolicy parse(String value, String key) {
        return find(value)
                .orElseThrow(() -> new InvalidInputException(key, key + " should be one of reject, downgrade, hold"));
    }
}
