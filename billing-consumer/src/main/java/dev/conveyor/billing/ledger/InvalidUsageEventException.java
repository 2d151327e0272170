package dev.conveyor.billing.ledger;

import dev.conveyor.schemas.DeadLetterHeaders.Poison;

/**
 * A usage event that can never be billed as it is (a missing id, negative tokens, a cost
 * with more than nine fraction digits). Not retryable: the record goes to the dead-letter
 * topic; fix the producer and re-publish it from there.
 */
public class InvalidUsageEventException extends RuntimeException {

    private final Poison kind;

    public InvalidUsageEventException(String message) {
        this(Poison.INVALID, message);
    }

    public InvalidUsageEventException(Poison kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** The dead-letter topic's {@code conveyor.error.type}: no value, another schema, or an invalid event. */
    public Poison kind() {
        return kind;
    }
}
