package dev.conveyor.api.errors;

/** A valid key of the wrong kind: a tenant key on the admin API, or the admin key on a tenant's API. */
public class Forbidden extends RuntimeException {

    public Forbidden(String message) {
        super(message);
    }
}
