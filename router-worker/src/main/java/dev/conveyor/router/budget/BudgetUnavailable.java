package dev.conveyor.router.budget;

/** Retryable: the budget state (billing's views, the reservation tables) could not be read or written. */
class BudgetUnavailable extends RuntimeException {

    BudgetUnavailable(String message, Throwable cause) {
        super(message + "; check that PostgreSQL is up and billing-consumer has migrated its schema", cause);
    }
}
