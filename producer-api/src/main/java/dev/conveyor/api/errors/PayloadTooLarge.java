package dev.conveyor.api.errors;

/** A batch with more jobs or bytes than one request may carry; split it. */
public class PayloadTooLarge extends RuntimeException {

    private final String field;
    private final Long line;

    public PayloadTooLarge(String field, Long line, String message) {
        super(message);
        this.field = field;
        this.line = line;
    }

    public String field() {
        return field;
    }

    public Long line() {
        return line;
    }
}
