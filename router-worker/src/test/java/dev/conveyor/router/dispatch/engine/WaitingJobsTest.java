package dev.conveyor.router.dispatch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WaitingJobsTest {

    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition C = new TopicPartition("t", 1);

    @Test
    void partitionsTakeTurnsSoRecordsFetchedLaterAreNotHeldBehindAnotherPartitionsBacklog() {
        WaitingJobs waiting = new WaitingJobs();
        for (long offset = 0; offset < 100; offset++) {
            waiting.add(job(A, offset));
        }
        for (long offset = 0; offset < 3; offset++) {
            waiting.add(job(C, offset));
        }

        List<String> handedOut = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Job job = waiting.poll();
            handedOut.add(job.partition().partition() + "@" + job.offset());
        }

        assertThat(handedOut).containsExactly("0@0", "1@0", "0@1", "1@1", "0@2", "1@2", "0@3");
        assertThat(waiting.size()).isEqualTo(96);
    }

    @Test
    void aRevokedPartitionsRecordsAreDroppedAndTheOthersStay() {
        WaitingJobs waiting = new WaitingJobs();
        waiting.add(job(A, 0));
        waiting.add(job(C, 0));
        waiting.add(job(A, 1));

        waiting.drop(List.of(A));

        assertThat(waiting.size()).isEqualTo(1);
        assertThat(waiting.poll().partition()).isEqualTo(C);
        assertThat(waiting.poll()).isNull();
        assertThat(waiting.isEmpty()).isTrue();
    }

    private static Job job(TopicPartition partition, long offset) {
        return new Job(new PartitionWindow(partition), offset, () -> {});
    }
}
