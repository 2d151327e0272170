package dev.conveyor.router.circuit;

/**
 * When a circuit opens on its failure rate rather than on a run of consecutive failures: a model
 * that fails every other call never fails three times in a row, yet it is plainly unhealthy. The
 * rate is taken over the last {@code windowSize} calls whose outcome is known, and only once at
 * least {@code minimumCalls} of them are in, so one early failure cannot open a circuit.
 *
 * @param threshold the share of failed calls, above 0 and at most 1, at which the circuit opens
 * @param windowSize how many of the latest calls the rate is taken over
 * @param minimumCalls how many calls the window must hold before the rate counts, 1 to {@code windowSize}
 */
public record FailureRate(double threshold, int windowSize, int minimumCalls) {

    /** Half of the last 20 calls, once there are 10. */
    public static final FailureRate DEFAULTS = new FailureRate(0.5, 20, 10);

    public FailureRate {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException(
                    "conveyor.router.circuit.failure-rate-threshold should be greater than 0 and at most 1"
                            + " (a share of calls, e.g. 0.5), was " + threshold);
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException(
                    "conveyor.router.circuit.sliding-window-size should be greater than 0, was " + windowSize);
        }
        if (minimumCalls < 1 || minimumCalls > windowSize) {
            throw new IllegalArgumentException("conveyor.router.circuit.minimum-calls should be between 1 and"
                    + " conveyor.router.circuit.sliding-window-size (" + windowSize + "), was " + minimumCalls);
        }
    }
}
