package dev.conveyor.api.errors;

/** No usable API key. The message never repeats the key that was sent. */
public class Unauthenticated extends RuntimeException {

    public Unauthenticated(String message) {
        super(message);
    }
}
