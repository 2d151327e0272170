package dev.conveyor.router.dispatch.engine;

import java.time.Duration;

/**
 * How hard the {@link DispatchEngine} pushes and how long it waits. Every value is checked when the
 * record is built, and a bad one fails with a message naming it.
 *
 * @param maxInFlight records handed to the processor and not yet finished, across all partitions;
 *     when reached, every assigned partition is paused
 * @param prefetch records received ahead of the cap, waiting for a slot: once this many wait, every
 *     partition pauses, and they resume when none waits. The reserve keeps the cap full while the
 *     next fetch is on its way, so a slot freed is refilled at once instead of after a round trip.
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
        int prefetch,
        int maxPendingPerPartition,
        Duration commitInterval,
        Duration pollTimeout,
        Duration revocationTimeout,
        Duration closeTimeout) {

    public DispatchSettings {
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight should be greater than 0 (was " + maxInFlight + ")");
        }
        if (prefetch <= 0) {
            throw new IllegalArgumentException("prefetch should be greater than 0 (was " + prefetch + ")");
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
     * 2,000 in flight with 200 more prefetched; 10,000 pending per partition; commits every 200 ms; polls
     * of at most 100 ms; 10 s to finish in-flight work on revocation and on close.
     */
    public static DispatchSettings defaults() {
        return new DispatchSettings(
                2_000,
                200,
                10_000,
                Duration.ofMillis(200),
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    }

    /**
     * This cap, prefetching a tenth of it: at a 2-second call that covers 200 ms of completions, far
     * longer than a fetch takes, for a few kilobytes per record.
     */
    public DispatchSettings withMaxInFlight(int max) {
        return new DispatchSettings(
                max,
                Math.max(1, max / 10),
                maxPendingPerPartition,
                commitInterval,
                pollTimeout,
                revocationTimeout,
                closeTimeout);
    }

    public DispatchSettings withPrefetch(int records) {
        return new DispatchSettings(
                maxInFlight,
                records,
                maxPendingPerPartition,
                commitInterval,
                pollTimeout,
                revocationTimeout,
                closeTimeout);
    }

    public DispatchSettings withMaxPendingPerPartition(int max) {
        return new DispatchSettings(
                maxInFlight, prefetch, max, commitInterval, pollTimeout, revocationTimeout, closeTimeout);
    }

    public DispatchSettings withCommitInterval(Duration interval) {
        return new DispatchSettings(
                maxInFlight, prefetch, maxPendingPerPartition, interval, pollTimeout, revocationTimeout, closeTimeout);
    }

    public DispatchSettings withPollTimeout(Duration timeout) {
        return new DispatchSettings(
                maxInFlight,
                prefetch,
                maxPendingPerPartition,
                commitInterval,
                timeout,
                revocationTimeout,
                closeTimeout);
    }

    public DispatchSettings withRevocationTimeout(Duration timeout) {
        return new DispatchSettings(
                maxInFlight, prefetch, maxPendingPerPartition, commitInterval, pollTimeout, timeout, closeTimeout);
    }

    public DispatchSettings withCloseTimeout(Duration timeout) {
        return new DispatchSettings(
                maxInFlight, prefetch, maxPendingPerPartition, commitInterval, pollTimeout, revocationTimeout, timeout);
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
