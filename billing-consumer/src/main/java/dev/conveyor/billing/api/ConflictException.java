package dev.conveyor.billing.api;

/** A request that cannot be served in the current state (e.g. a month not over yet); a 409 problem. */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }
}
