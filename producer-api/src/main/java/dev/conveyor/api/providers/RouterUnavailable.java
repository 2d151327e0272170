package dev.conveyor.api.providers;

/** The router-worker did not answer; providers and models cannot be shown right now, retry later. */
class RouterUnavailable extends RuntimeException {

    RouterUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
