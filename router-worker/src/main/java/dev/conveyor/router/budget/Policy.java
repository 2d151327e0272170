package dev.conveyor.router.budget;

import java.util.Locale;

/** A tenant's budget policy as billing stores it ({@code billing.budget_limits.budget_policy}). */
enum Policy {
    /** FAILED with {@code BUDGET_EXCEEDED}, no call. */
    REJECT,
    /** The cheapest model of the job's chain that still fits. */
    DOWNGRADE,
    /** Wait for a raised budget or the next month, within the job's deadline. */
    HOLD;

    static Policy of(String stored) {
        return stored == null ? REJECT : valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
