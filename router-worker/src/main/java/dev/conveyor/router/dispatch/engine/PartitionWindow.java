package dev.conveyor.router.dispatch.engine;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of one partition between its low watermark and the last record received, for one
 * assignment of that partition. A fresh window starts at every assignment; a window that outlives
 * its assignment (records abandoned at revocation) still accepts their completions, but nobody
 * commits from it any more. Used only by the poll thread.
 */
final class PartitionWindow {

    private final TopicPartition partition;
    /** Received offsets the low watermark has not passed, ascending; the head is the low watermark. */
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    /** Offsets in {@link #pending} that are finished but wait for an earlier one. */
    private final Set<Long> finishedAhead = new HashSet<>();

    private long lastReceived = -1;
    private int inFlight;
    private long committed = -1;

    PartitionWindow(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    /** Records an offset fetched from the broker; false for an offset already seen (never handed out twice). */
    boolean receive(long offset) {
        if (offset <= lastReceived) {
            return false;
        }
        pending.addLast(offset);
        lastReceived = offset;
        return true;
    }

    void handedOut() {
        inFlight++;
    }

    /** Marks a handed-out offset finished and moves the low watermark past every finished offset at its head. */
    void finish(long offset) {
        inFlight--;
        if (pending.isEmpty() || offset < pending.peekFirst()) {
            return;
        }
        if (offset != pending.peekFirst()) {
            finishedAhead.add(offset);
            return;
        }
        pending.removeFirst();
        while (!pending.isEmpty() && finishedAhead.remove(pending.peekFirst())) {
            pending.removeFirst();
        }
    }

    /** A handed-out offset given up unfinished: it is no longer in flight, and the low watermark stays at it. */
    void abandon(long offset) {
        inFlight--;
    }

    /** Records handed out and not yet finished. */
    int inFlight() {
        return inFlight;
    }

    /** Records received and not yet passed by the low watermark: the ones a commit still waits for, and those behind them. */
    int pendingCount() {
        return pending.size();
    }

    /** The first offset not yet finished, or the one after the last received; empty before anything is received. */
    OptionalLong lowWatermark() {
        if (lastReceived < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(pending.isEmpty() ? lastReceived + 1 : pending.peekFirst());
    }

    /** The low watermark when it is ahead of the last commit sent for this window. */
    OptionalLong offsetToCommit() {
        OptionalLong low = lowWatermark();
        return low.isPresent() && low.getAsLong() > committed ? low : OptionalLong.empty();
    }

    void commitSent(long offset) {
        committed = Math.max(committed, offset);
    }

    /** Forgets a commit that failed, so that the next one sends the low watermark again. */
    void commitFailed(long offset) {
        if (committed == offset) {
            committed = -1;
        }
    }
}
