package dev.conveyor.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Where each job's request record landed (partition and offset), as the broker acknowledged it. */
final class Placements {

    private final int[] partitions;
    private final long[] offsets;

    Placements(int capacity) {
        partitions = new int[capacity];
        offsets = new long[capacity];
        Arrays.fill(partitions, -1);
    }

    /**
     * The send callback for job {@code index}: records where it landed, or keeps the first failure
     * of the batch of sends in {@code failure}.
     */
    Callback recorder(int index, AtomicReference<Exception> failure) {
        return (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                record(index, metadata);
            }
        };
    }

    void record(int index, RecordMetadata metadata) {
        partitions[index] = metadata.partition();
        offsets[index] = metadata.offset();
    }

    /** The partition of job {@code index}'s request, or -1 when it was not acknowledged. */
    int partition(int index) {
        return partitions[index];
    }

    long offset(int index) {
        return offsets[index];
    }
}
