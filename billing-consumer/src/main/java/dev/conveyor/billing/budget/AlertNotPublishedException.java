package dev.conveyor.billing.budget;

import dev.conveyor.schemas.BudgetAlert;

/** Retryable: the broker did not acknowledge an alert; it stays in the outbox for the next sweep. */
class AlertNotPublishedException extends RuntimeException {

    AlertNotPublishedException(BudgetAlert alert, Throwable cause) {
        super(
                "alert " + alert.getAlertId() + " for tenant " + alert.getTenantId() + " not acknowledged by Kafka; "
                        + "it stays in billing.alerts and is retried",
                cause);
    }
}
