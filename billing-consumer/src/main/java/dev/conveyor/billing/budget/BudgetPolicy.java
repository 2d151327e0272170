package dev.conveyor.billing.budget;

import dev.conveyor.billing.api.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

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

    static BudgetPolicy parse(String value, String key) {
        return Arrays.stream(values())
                .filter(p -> p.wire().equals(value))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(key, key + " should be one of reject, downgrade, hold"));
    }
}
