package dev.conveyor.router.dispatch.engine;

import java.time.Duration;

/**
 * How hard the {@link DispatchEngine} pushes and how long it waits. Every value is checked when the
 * record is built, and a bad one fails with a message naming it.
 *
 * @param maxInFlight records handed to the processor and not yet finished, across all partitions;
 *     when reached, every assigned partition is paused
 * @param resumeInFlight the low-water mark: paused partitions resume once in-flight records (plus
 *     records fetched but not yet handed out) drop to this many
 * @param maxPendingPerPartition records of one partition received but not yet passed by its low
 *     watermark; when reached (a stuck record holding the commit back), just that partition pauses
 * @param commitInterval how often finished offsets are committed (asynchronously)
 * @param pollTimeout the longest one poll blocks
 * @param revocationTimeout how long a revoked partition's in-flight records are awaited before
 *     they are abandoned and the partition is given up
 * @param closeTimeout how long {@link DispatchEngine#close()} waits for in-flight records
 */
public record DispatchSettings(
        int maxInFlight,
        int resumeInFlight,
        int maxPendingPerPartition,
        Duration commitInterval,
        Duration pollTimeout,
        Duration revocationTimeout,
        Duration closeTimeout) {

    public DispatchSettings {
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight should be greater than 0 (was " + maxInFlight + ")");
        }
        if (resumeInFlight < 0 || resumeInFlight >= maxInFlight) {
            throw new IllegalArgumentException("resumeInFlight should be at least 0 and less than maxInFlight "
                    + maxInFlight + " (was " + resumeInFlight + ")");
        }
        if (maxPendingPerPartition <= 0) {
            throw new IllegalArgumentException(
                    "maxPendingPerPartition should be greater than 0 (was " + maxPendingPerPartition + ")");
        }
        requirePositive("commitInterval", commitInterval);
        requirePositive("pollTimeout", pollTimeout);
        requireNotNegative("revocationTimeout", revocationTimeout);
        requireNotNegative("closeTimeout", closeTimeout);
    }

    /**
     * 2,000 in flight, resuming at 1,800; 10,000 pending per partition; commits every 200 ms; polls
     * of at most 100 ms; 10 s to finish in-flight work on revocation and on close.
     */
    public static DispatchSettings defaults() {
        return new DispatchSettings(
                2_000,
                1_800,
                10_000,
                Duration.ofMillis(200),
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    }

    /**
     * This cap, resuming a tenth below it. A narrow gap keeps the cap nearly full: records fetched
     * on resume arrive in milliseconds, while in-flight work takes seconds.
     */
    public DispatchSettings withMaxInFlight(int max) {
        return new DispatchSettings(
                max,
                max - Math.max(1, max / 10),
                maxPendingPerPartition,
                commitInterval,
                pollTimeout,
                revocationTimeout,
                closeTimeout);
    }

    public DispatchSettings withResumeInFlight(int resume) {
        return new DispatchSettings(
                maxInFlight,
                resume,
                maxPendingPerPartition,
                commitInterval,
                pollTimeout,
                revocationTimeout,
                closeTimeout);
    }

    public DispatchSettings withMaxPendingPerPartition(int max) {
        return new DispatchSettings(
                maxInFlight, resumeInFlight, max, commitInterval, pollTimeout, revocationTimeout, closeTimeout);
    }

    public DispatchSettings withCommitInterval(Duration interval) {
        return new DispatchSettings(
                maxInFlight,
                resumeInFlight,
                maxPendingPerPartition,
                interval,
                pollTimeout,
                revocationTimeout,
                closeTimeout);
    }

    public DispatchSettings withPollTimeout(Duration timeout) {
        return new DispatchSettings(
                maxInFlight,
                resumeInFlight,
                maxPendingPerPartition,
                commitInterval,
                timeout,
                revocationTimeout,
                closeTimeout);
    }

    public DispatchSettings withRevocationTimeout(Duration timeout) {
        return new DispatchSettings(
                maxInFlight,
                resumeInFlight,
                maxPendingPerPartition,
                commitInterval,
                pollTimeout,
                timeout,
                closeTimeout);
    }

    public DispatchSettings withCloseTimeout(Duration timeout) {
        return new DispatchSettings(
                maxInFlight,
                resumeInFlight,
                maxPendingPerPartition,
                commitInterval,
                pollTimeout,
                revocationTimeout,
                timeout);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " should be greater than 0 (was " + value + ")");
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " should be 0 or more (was " + value + ")");
        }
    }
}
