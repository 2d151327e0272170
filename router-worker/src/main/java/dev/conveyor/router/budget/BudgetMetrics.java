package dev.conveyor.router.budget;

import dev.conveyor.catalog.Model;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code conveyor.budget.admissions} by outcome: {@code reserved}, {@code downgraded},
 * {@code unlimited} (no limits, or failing open), {@code refused} and {@code unavailable}
 * (refused failing closed); {@code conveyor.budget.unreadable}: reads or reservations that failed.
 */
class BudgetMetrics {

    private final Counter reserved;
    private final Counter downgraded;
    private final Counter unlimited;
    private final Counter refused;
    private final Counter refusedUnavailable;
    private final Counter unreadable;

    BudgetMetrics(MeterRegistry meters) {
        this.reserved = admissions(meters, "reserved");
        this.downgraded = admissions(meters, "downgraded");
        this.unlimited = admissions(meters, "unlimited");
        this.refused = admissions(meters, "refused");
        this.refusedUnavailable = admissions(meters, "unavailable");
        this.unreadable = Counter.builder("conveyor.budget.unreadable")
                .description("Budget reads or reservations that failed (PostgreSQL or billing's views)")
                .register(meters);
    }

    void admitted(Admission admission, Model planned) {
        switch (admission) {
            case Admission.Granted granted when granted.reservation().isEmpty() -> unlimited.increment();
            case Admission.Granted granted when granted.downgraded(planned) -> downgraded.increment();
            case Admission.Granted granted -> reserved.increment();
            case Admission.Refused r when r.errorType().equals("BUDGET_UNAVAILABLE") -> refusedUnavailable.increment();
            case Admission.Refused r -> refused.increment();
        }
    }

    void unavailable() {
        unreadable.increment();
    }

    private static Counter admissions(MeterRegistry meters, String outcome) {
        return Counter.builder("conveyor.budget.admissions")
                .description("Calls admitted or refused by budget reservations")
                .tag("outcome", outcome)
                .register(meters);
    }
}
