package dev.conveyor.billing.ledger;

/**
 * A usage event that can never be billed as it is (a missing id, negative tokens, a cost
 * with more than nine fraction digits). Not retryable: the record goes to the dead-letter
 * topic; fix the producer and re-publish it from there.
 */
public class InvalidUsageEventException extends RuntimeException {

    public InvalidUsageEventException(String message) {
        super(message);
    }
}
