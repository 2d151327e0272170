package dev.conveyor.router.dispatch.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The partitions this engine owns right now, each with its window. Used only by the poll thread. */
final class Assignment {

    private final Map<TopicPartition, PartitionWindow> windows = new LinkedHashMap<>();

    void assign(Collection<TopicPartition> partitions) {
        partitions.forEach(p -> windows.put(p, new PartitionWindow(p)));
    }

    /** The partition's current window, or null when the partition is not owned. */
    PartitionWindow window(TopicPartition partition) {
        return windows.get(partition);
    }

    List<PartitionWindow> windows(Collection<TopicPartition> partitions) {
        List<PartitionWindow> found = new ArrayList<>();
        for (TopicPartition p : partitions) {
            PartitionWindow w = windows.get(p);
            if (w != null) {
                found.add(w);
            }
        }
        return found;
    }

    List<PartitionWindow> all() {
        return List.copyOf(windows.values());
    }

    /** Stops tracking these partitions: later completions of their records never reach a commit. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(windows::remove);
    }

    void forgetAll() {
        windows.clear();
    }

    /** Every window's low watermark, whether sent before or not; marks them sent. */
    static Map<TopicPartition, OffsetAndMetadata> takeLowWatermarks(Collection<PartitionWindow> windows) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (PartitionWindow w : windows) {
            OptionalLong offset = w.lowWatermark();
            if (offset.isPresent()) {
                offsets.put(w.partition(), new OffsetAndMetadata(offset.getAsLong()));
                w.commitSent(offset.getAsLong());
            }
        }
        return offsets;
    }

    /** Low watermarks ahead of the last commit, ready to send; marks them sent. */
    static Map<TopicPartition, OffsetAndMetadata> takeOffsetsToCommit(Collection<PartitionWindow> windows) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (PartitionWindow w : windows) {
            OptionalLong offset = w.offsetToCommit();
            if (offset.isPresent()) {
                offsets.put(w.partition(), new OffsetAndMetadata(offset.getAsLong()));
                w.commitSent(offset.getAsLong());
            }
        }
        return offsets;
    }
}
