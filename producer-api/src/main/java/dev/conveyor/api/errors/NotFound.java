package dev.conveyor.api.errors;

/** Nothing the caller may see has this id; another tenant's resources answer the same way. */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
