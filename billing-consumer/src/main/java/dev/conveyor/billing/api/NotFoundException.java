package dev.conveyor.billing.api;

/** A tenant, month or file that does not exist; answered with a 404 problem. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
