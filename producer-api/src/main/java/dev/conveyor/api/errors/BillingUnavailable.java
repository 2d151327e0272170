package dev.conveyor.api.errors;

/** billing-consumer did not answer; usage cannot be shown right now, retry later. */
public class BillingUnavailable extends RuntimeException {

    public BillingUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
