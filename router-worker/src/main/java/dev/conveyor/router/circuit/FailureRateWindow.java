package dev.conveyor.router.circuit;

import dev.conveyor.router.RouterSettings;

/** The outcomes of a circuit's last calls, in a ring; not thread-safe (its {@link Circuit} guards it). */
final class FailureRateWindow {

    private final RouterSettings.Circuit policy;
    private final boolean[] failed;
    private int next;
    private int calls;
    private int failures;

    FailureRateWindow(RouterSettings.Circuit policy) {
        this.policy = policy;
        this.failed = new boolean[policy.slidingWindowSize()];
    }

    void record(boolean failure) {
        if (calls == failed.length) {
            if (failed[next]) {
                failures--;
            }
        } else {
            calls++;
        }
        failed[next] = failure;
        if (failure) {
            failures++;
        }
        next = (next + 1) % failed.length;
    }

    /** True when enough calls are in and the share of failures among them reaches the threshold. */
    boolean tripped() {
        return calls >= policy.minimumCalls() && rate() >= policy.failureRateThreshold();
    }

    void reset() {
        java.util.Arrays.fill(failed, false);
        next = 0;
        calls = 0;
        failures = 0;
    }

    int calls() {
        return calls;
    }

    int failures() {
        return failures;
    }

    /** Failed calls over calls in the window; 0 while it is empty. */
    double rate() {
        return calls == 0 ? 0 : (double) failures / calls;
    }
}
