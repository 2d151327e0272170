package dev.conveyor.api.intake;

/** A submission that cannot be accepted, naming the field at fault (a JSON pointer). */
public class InvalidJob extends RuntimeException {

    private final String field;

    public InvalidJob(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
