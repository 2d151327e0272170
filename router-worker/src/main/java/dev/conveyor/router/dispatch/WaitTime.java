package dev.conveyor.router.dispatch;

/**
 * The time one job spent waiting outside the router: on provider calls, on rate-limit permits and
 * in the pauses between retries. What remains of the job's handling time is the router's own
 * overhead ({@code conveyor.dispatch.overhead}). Confined to the job's thread.
 */
final class WaitTime {

    private long nanos;

    /** Starts timing a wait; pass the result to {@link #since(long)} when it ends. */
    long start() {
        return System.nanoTime();
    }

    void since(long started) {
        nanos += System.nanoTime() - started;
    }

    long nanos() {
        return nanos;
    }
}
