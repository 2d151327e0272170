package dev.conveyor.router.routing;

/** A job no model can serve as asked (an unknown pin, say): it fails at once, without a call. */
public class JobRejected extends Exception {

    public JobRejected(String message) {
        super(message);
    }
}
