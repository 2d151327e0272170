package dev.conveyor.router.dispatch.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Commits low watermarks: asynchronously on an interval, synchronously when partitions are given up. */
final class Committer {

    private static final Logger log = LoggerFactory.getLogger(Committer.class);
    private static final int WAKEUPS_TOLERATED = 3;

    /**
     * The longest a synchronous commit waits for the broker: a reachable one answers in milliseconds,
     * and an unreachable one would otherwise hold a closing worker for the consumer's
     * {@code default.api.timeout.ms} (60 s). What is not committed is processed again and answered
     * from its completion record.
     */
    static final Duration SYNC_COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<?, ?> consumer;
    private final Assignment assignment;
    private final long intervalNanos;
    private long nextCommit;

    Committer(Consumer<?, ?> consumer, Assignment assignment, Duration interval) {
        this.consumer = consumer;
        this.assignment = assignment;
        this.intervalNanos = interval.toNanos();
        this.nextCommit = System.nanoTime() + intervalNanos;
    }

    void commitIfDue() {
        long now = System.nanoTime();
        if (now - nextCommit < 0) {
            return;
        }
        nextCommit = now + intervalNanos;
        Map<TopicPartition, OffsetAndMetadata> offsets = Assignment.takeOffsetsToCommit(assignment.all());
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, this::onAsyncCommit);
        }
    }

    /**
     * Commits these windows' low watermarks and waits for the broker; a failure is logged, not
     * thrown. Sends them even if an asynchronous commit already did, as that one may still fail.
     */
    void commitNow(Collection<PartitionWindow> windows) {
        Map<TopicPartition, OffsetAndMetadata> offsets = Assignment.takeLowWatermarks(windows);
        if (offsets.isEmpty()) {
            return;
        }
        for (int wakeups = 0; ; wakeups++) {
            try {
                consumer.commitSync(offsets, SYNC_COMMIT_TIMEOUT);
                return;
            } catch (WakeupException e) {
                if (wakeups == WAKEUPS_TOLERATED) {
                    log.warn(
                            "Gave up committing {} after repeated wake-ups; records after them may be"
                                    + " processed again",
                            offsets);
                    return;
                }
            } catch (KafkaException e) {
                log.warn("Could not commit {}; records after them may be processed again", offsets, e);
                return;
            }
        }
    }

    private void onAsyncCommit(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
        if (error == null) {
            return;
        }
        log.debug("Commit of {} failed; the next one retries", offsets, error);
        offsets.forEach((partition, offset) -> {
            PartitionWindow window = assignment.window(partition);
            if (window != null) {
                window.commitFailed(offset.offset());
            }
        });
    }
}
