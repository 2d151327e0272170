package dev.conveyor.router.budget;

import dev.conveyor.catalog.Model;
import java.util.Optional;

/** Whether a job's call may go ahead, and on which model. */
public sealed interface Admission {

    /**
     * Call {@code spec} (the planned model, or a cheaper one of the chain under policy
     * {@code downgrade}); settle or release {@code reservation} afterwards. No reservation: the
     * tenant has no limits, or its budget state could not be read and the router fails open.
     */
    record Granted(Model spec, Optional<Reservation> reservation) implements Admission {

        public boolean downgraded(Model planned) {
            return !spec.key().equals(planned.key());
        }
    }

    /**
     * No call: {@code errorType} is {@code BUDGET_EXCEEDED}, or {@code BUDGET_UNAVAILABLE} when the
     * router fails closed and the budget state stayed unreadable for as long as the job could wait.
     */
    record Refused(String errorType, String message) implements Admission {}
}
