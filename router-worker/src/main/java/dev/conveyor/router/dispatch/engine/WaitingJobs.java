package dev.conveyor.router.dispatch.engine;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Records received and not yet handed out, queued per partition and handed out one partition at a
 * time in turn, each in offset order. A partition whose deep backlog was fetched first cannot hold
 * back records that arrive on another while slots are scarce: with tenants partitioned apart
 * ({@code TenantPartitioner}) a newcomer's jobs reach the scheduler at once, not after every record
 * fetched before them. Only the poll thread uses it.
 */
final class WaitingJobs {

    private final Map<TopicPartition, ArrayDeque<Job>> queues = new HashMap<>();
    /** The partitions with a record waiting, in the order they take their turns. */
    private final ArrayDeque<TopicPartition> turns = new ArrayDeque<>();

    private int size;

    void add(Job job) {
        ArrayDeque<Job> queue = queues.computeIfAbsent(job.partition(), p -> new ArrayDeque<>());
        if (queue.isEmpty()) {
            turns.add(job.partition());
        }
        queue.add(job);
        size++;
    }

    /** The next partition's oldest waiting record, or null when none waits. */
    Job poll() {
        TopicPartition partition = turns.poll();
        if (partition == null) {
            return null;
        }
        ArrayDeque<Job> queue = queues.get(partition);
        Job job = queue.poll();
        size--;
        if (queue.isEmpty()) {
            queues.remove(partition);
        } else {
            turns.add(partition);
        }
        return job;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Forgets the records of partitions this consumer no longer owns. */
    void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            ArrayDeque<Job> queue = queues.remove(partition);
            if (queue != null) {
                size -= queue.size();
                turns.remove(partition);
            }
        }
    }

    void clear() {
        queues.clear();
        turns.clear();
        size = 0;
    }
}
