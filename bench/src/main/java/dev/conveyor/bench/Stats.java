package dev.conveyor.bench;

import java.util.Arrays;

/** Percentiles and rates over measured samples. */
final class Stats {

    /** The share of completions at each end left out of a steady-state rate (ramp-up and drain). */
    static final double EDGE = 0.10;

    private Stats() {}

    /** Nearest-rank percentile ({@code p} in 0..100) of unsorted samples; NaN when there are none. */
    static double percentile(double[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * Completions per second between the 10th and the 90th percentile completion time, so neither
     * the start (the first calls warming up) nor the drain (the slowest calls of the last wave)
     * counts: the steady rate the worker keeps up. NaN with fewer than two distinct times.
     */
    static double steadyRate(long[] completionMillis) {
        if (completionMillis.length < 2) {
            return Double.NaN;
        }
        long[] sorted = completionMillis.clone();
        Arrays.sort(sorted);
        int last = sorted.length - 1;
        int from = (int) Math.floor(EDGE * last);
        int to = (int) Math.ceil((1 - EDGE) * last);
        if (sorted[to] == sorted[from]) {
            from = 0;
            to = last;
        }
        if (sorted[to] == sorted[from]) {
            return Double.NaN;
        }
        return (to - from) * 1000.0 / (sorted[to] - sorted[from]);
    }

    /** {@code value} rounded to {@code digits} decimals, for JSON that reads well. */
    static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
