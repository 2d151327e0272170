package dev.conveyor.bench;

import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The segment's result topic as the driver sees it: the first result of each job (the final one;
 * a later duplicate is counted, not used), with the record's timestamp (set by the worker when it
 * published) and the moment the driver received it.
 */
final class ResultLog implements AutoCloseable {

    private final KafkaConsumer<String, Object> consumer;
    private final List<TopicPartition> partitions;
    private final String tag;
    private final long[] publishedMillis;
    private final long[] receivedNanos;
    private int finished;
    private int failed;
    private final Map<String, Integer> failedBy = new TreeMap<>();
    private int duplicates;
    private int foreign;
    private java.util.function.Consumer<CompletionResult> onFirst = result -> {};

    /** Reads {@code partitions} from their beginning; jobs {@code TAG-0} … {@code TAG-(capacity-1)} are tracked. */
    ResultLog(KafkaConsumer<String, Object> consumer, List<TopicPartition> partitions, String tag, int capacity) {
        this.consumer = consumer;
        this.partitions = List.copyOf(partitions);
        this.tag = tag;
        this.publishedMillis = new long[capacity];
        this.receivedNanos = new long[capacity];
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Also hands each job's first result to {@code listener} (a scenario that reads more than its time). */
    ResultLog onFirstResult(java.util.function.Consumer<CompletionResult> listener) {
        this.onFirst = listener;
        return this;
    }

    void poll(Duration timeout) {
        var records = consumer.poll(timeout);
        long now = System.nanoTime();
        for (ConsumerRecord<String, Object> record : records) {
            accept(record, now);
        }
    }

    private void accept(ConsumerRecord<String, Object> record, long now) {
        String key = record.key();
        int index = key != null && key.startsWith(tag + "-") ? JobMix.index(key) : -1;
        if (index < 0 || index >= publishedMillis.length || !(record.value() instanceof CompletionResult result)) {
            foreign++;
            return;
        }
        if (publishedMillis[index] != 0) {
            duplicates++;
            return;
        }
        publishedMillis[index] = Math.max(1, record.timestamp());
        receivedNanos[index] = now;
        finished++;
        onFirst.accept(result);
        if (result.getStatus() == JobStatus.FAILED) {
            failed++;
            failedBy.merge(String.valueOf(result.getErrorType()), 1, Integer::sum);
        }
    }

    /** Polls until every partition has been read up to {@code ends} (exclusive), or the timeout passes. */
    boolean catchUp(Map<TopicPartition, Long> ends, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean done = ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            if (done) {
                return true;
            }
            poll(Duration.ofMillis(100));
        }
        return false;
    }

    /** The result topic's partitions, all read by this log. */
    List<TopicPartition> partitions() {
        return partitions;
    }

    boolean finished(int index) {
        return publishedMillis[index] != 0;
    }

    int finishedCount() {
        return finished;
    }

    int finishedBetween(int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (publishedMillis[i] != 0) {
                n++;
            }
        }
        return n;
    }

    /** The earliest publish time among jobs {@code from..to-1}; 0 when none has a result. */
    long firstPublished(int from, int to) {
        return Arrays.stream(publishedMillis, from, to)
                .filter(t -> t != 0)
                .min()
                .orElse(0);
    }

    /** Publish times of jobs {@code from..to-1} that have a result published no later than {@code until}. */
    long[] publishedTimes(int from, int to, long until) {
        return Arrays.stream(publishedMillis, from, to)
                .filter(t -> t != 0 && t <= until)
                .toArray();
    }

    /** When job {@code index}'s first result was published (epoch milliseconds), 0 when it has none. */
    long publishedMillis(int index) {
        return publishedMillis[index];
    }

    long receivedNanos(int index) {
        return receivedNanos[index];
    }

    int failed() {
        return failed;
    }

    /** Failed results by their error type. */
    Map<String, Integer> failedByErrorType() {
        return Map.copyOf(failedBy);
    }

    int duplicates() {
        return duplicates;
    }

    /** Records on the topic that are not results of this segment's jobs. */
    int foreign() {
        return foreign;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
