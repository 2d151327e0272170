package dev.conveyor.router.dispatch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionWindowTest {

    private final PartitionWindow window = new PartitionWindow(new TopicPartition("t", 0));

    @Test
    void hasNothingToCommitBeforeAnyRecordArrives() {
        assertThat(window.lowWatermark()).isEmpty();
        assertThat(window.offsetToCommit()).isEmpty();
    }

    @Test
    void lowWatermarkStaysAtTheFirstUnfinishedOffsetWhileLaterOnesFinish() {
        receiveAndHandOut(10, 11, 12, 13);

        window.finish(12);
        window.finish(11);

        assertThat(window.lowWatermark()).hasValue(10);
        assertThat(window.pendingCount()).isEqualTo(4);
        assertThat(window.inFlight()).isEqualTo(2);
    }

    @Test
    void lowWatermarkJumpsPastEveryFinishedOffsetWhenTheFirstFinishes() {
        receiveAndHandOut(10, 11, 12, 13);
        window.finish(13);
        window.finish(11);
        window.finish(12);

        window.finish(10);

        assertThat(window.lowWatermark()).hasValue(14);
        assertThat(window.pendingCount()).isZero();
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void gapsInOffsetsDoNotHoldTheLowWatermark() {
        receiveAndHandOut(3, 7, 20);
        window.finish(7);
        window.finish(3);

        assertThat(window.lowWatermark()).hasValue(20);
    }

    @Test
    void refusesAnOffsetItAlreadyReceived() {
        receiveAndHandOut(5, 6);

        assertThat(window.receive(6)).isFalse();
        assertThat(window.receive(4)).isFalse();
        assertThat(window.receive(7)).isTrue();
    }

    @Test
    void offersEachLowWatermarkForCommitOnceUnlessTheCommitFailed() {
        receiveAndHandOut(0, 1);
        window.finish(0);

        assertThat(window.offsetToCommit()).hasValue(1);
        window.commitSent(1);
        assertThat(window.offsetToCommit()).isEmpty();

        window.commitFailed(1);
        assertThat(window.offsetToCommit()).hasValue(1);
        window.commitSent(1);

        window.finish(1);
        assertThat(window.offsetToCommit()).hasValue(2);
    }

    private void receiveAndHandOut(long... offsets) {
        for (long offset : offsets) {
            assertThat(window.receive(offset)).isTrue();
            window.handedOut();
        }
    }
}
