package dev.conveyor.sim;

import java.time.Duration;

/**
 * A window, relative to the simulator's start, in which a model is down.
 *
 * @param fromMillis start of the window, inclusive, in milliseconds after start
 * @param toMillis end of the window, exclusive, in milliseconds after start
 */
public record Outage(long fromMillis, long toMillis, OutageMode mode) {

    public Outage {
        mode = mode == null ? OutageMode.REFUSE : mode;
        if (fromMillis < 0 || toMillis < fromMillis) {
            throw new IllegalArgumentException(
                    "outage window must satisfy 0 <= fromMillis <= toMillis, was " + fromMillis + ".." + toMillis);
        }
    }

    public static Outage between(Duration from, Duration to, OutageMode mode) {
        return new Outage(from.toMillis(), to.toMillis(), mode);
    }

    public boolean covers(Duration sinceStart) {
        long at = sinceStart.toMillis();
        return at >= fromMillis && at < toMillis;
    }
}
