package dev.conveyor.router.dispatch.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which partitions stay paused: every one while the engine is full (the cap reached and the
 * prefetch reserve waiting for slots, until no record waits), otherwise each one whose window is
 * full. Used only by the poll thread, except the
 * paused count, which metrics read.
 */
final class Backpressure {

    private final DispatchSettings settings;
    private boolean full;
    private volatile int paused;

    Backpressure(DispatchSettings settings) {
        this.settings = settings;
    }

    /**
     * Pauses and resumes partitions to match the load.
     *
     * @param inFlight records handed out and not finished
     * @param waiting records received and not yet handed out
     */
    void apply(Consumer<?, ?> consumer, int inFlight, int waiting, Collection<PartitionWindow> windows) {
        int load = inFlight + waiting;
        if (!full && load >= settings.maxInFlight() + settings.prefetch()) {
            full = true;
        } else if (full && load <= settings.maxInFlight()) {
            full = false;
        }
        Set<TopicPartition> wanted = new HashSet<>();
        for (PartitionWindow w : windows) {
            if (full || w.pendingCount() >= settings.maxPendingPerPartition()) {
                wanted.add(w.partition());
            }
        }
        Set<TopicPartition> current = consumer.paused();
        List<TopicPartition> toPause = new ArrayList<>(wanted);
        toPause.removeAll(current);
        List<TopicPartition> toResume = new ArrayList<>(current);
        toResume.removeAll(wanted);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
        paused = wanted.size();
    }

    /** Whether the engine is at its in-flight cap with its prefetch reserve waiting (or some of it still). */
    boolean full() {
        return full;
    }

    int pausedPartitions() {
        return paused;
    }
}
