package dev.conveyor.router.dispatch.engine;

/**
 * Thrown by a {@link RecordProcessor}, {@link FailureHandler} or {@link PoisonHandler} that gives a
 * record up without finishing it (the worker is stopping while the record waits for the
 * infrastructure). The record does not count as finished: no commit passes it, and the next owner
 * of its partition handles it again.
 */
public class LeftUnfinished extends RuntimeException {

    public LeftUnfinished(String message, Throwable cause) {
        super(message, cause);
    }
}
