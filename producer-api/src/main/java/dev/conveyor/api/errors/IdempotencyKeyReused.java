package dev.conveyor.api.errors;

/** An Idempotency-Key (or client job id) seen before with a different request body. */
public class IdempotencyKeyReused extends RuntimeException {

    public IdempotencyKeyReused(String message) {
        super(message);
    }
}
