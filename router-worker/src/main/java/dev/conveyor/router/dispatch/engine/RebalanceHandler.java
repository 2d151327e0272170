package dev.conveyor.router.dispatch.engine;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives partitions up cleanly and takes new ones fresh. On revocation: drop the partition's records
 * not yet handed out, wait (bounded) for those in flight, commit its low watermark, forget it. Runs
 * on the poll thread, inside poll.
 */
final class RebalanceHandler implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(RebalanceHandler.class);

    private final Consumer<?, ?> consumer;
    private final DispatchSettings settings;
    private final Assignment assignment;
    private final WaitingJobs waiting;
    private final Dispatcher dispatcher;
    private final Committer committer;
    private final Backpressure backpressure;

    RebalanceHandler(
            Consumer<?, ?> consumer,
            DispatchSettings settings,
            Assignment assignment,
            WaitingJobs waiting,
            Dispatcher dispatcher,
            Committer committer,
            Backpressure backpressure) {
        this.consumer = consumer;
        this.settings = settings;
        this.assignment = assignment;
        this.waiting = waiting;
        this.dispatcher = dispatcher;
        this.committer = committer;
        this.backpressure = backpressure;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        List<PartitionWindow> leaving = assignment.windows(partitions);
        if (leaving.isEmpty()) {
            return;
        }
        dropWaiting(partitions);
        if (!dispatcher.awaitIdle(leaving, settings.revocationTimeout())) {
            int abandoned = leaving.stream().mapToInt(PartitionWindow::inFlight).sum();
            log.warn(
                    "Giving up {} with {} records still in flight after {}; the next owner may process them again",
                    partitions,
                    abandoned,
                    settings.revocationTimeout());
        }
        committer.commitNow(leaving);
        assignment.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        log.warn("Lost {} without a clean hand-over; their in-flight records may be processed again", partitions);
        dropWaiting(partitions);
        assignment.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        assignment.assign(partitions);
        if (backpressure.full() && !partitions.isEmpty()) {
            consumer.pause(partitions);
        }
    }

    private void dropWaiting(Collection<TopicPartition> partitions) {
        waiting.drop(partitions);
    }
}
