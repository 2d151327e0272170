package dev.conveyor.router.scheduling;

import java.time.Instant;

/**
 * A job's deadline came before it got a call slot (or its permits): it is not to be called, and no
 * retry or fallback can help it. Not retryable.
 */
public final class DeadlinePassed extends Exception {

    private final Instant deadline;

    public DeadlinePassed(Instant deadline) {
        super("the job's deadline " + deadline + " passed before it could be called");
        this.deadline = deadline;
    }

    public Instant deadline() {
        return deadline;
    }
}
