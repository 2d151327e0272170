package dev.conveyor.billing.reconcile;

/** Retryable: a provider's admin API did not answer, or not as documented; the day is reconciled again next run. */
class ReportUnavailable extends RuntimeException {

    ReportUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
