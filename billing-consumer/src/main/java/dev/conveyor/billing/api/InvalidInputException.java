package dev.conveyor.billing.api;

/** Bad HTTP input; answered with a 400 problem naming {@link #field()}. Not retryable as sent. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
