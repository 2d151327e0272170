package dev.conveyor.router.dispatch.engine;

import org.apache.kafka.common.TopicPartition;

/** One received record's work (processing it, or reporting it as poison), and the window it finishes in. */
record Job(PartitionWindow window, long offset, Runnable work) {

    TopicPartition partition() {
        return window.partition();
    }
}
