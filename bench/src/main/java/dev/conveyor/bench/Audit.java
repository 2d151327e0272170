package dev.conveyor.bench;

import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which jobs without a result are lost and which are only still queued, for a segment that ended
 * before every job finished (a window).
 *
 * <p>A job is <em>pending</em> while one of its records (on the request topic, where the driver
 * knows each record's offset, or on any retry or fallback topic the worker commits on, which is
 * read; also any topic named after the request topic, {@code REQUESTS.fallback-1} …, on which
 * the group may not have committed yet) sits at or above its consumer group's committed offset: the
 * worker has not yet taken responsibility for it. A job none of whose records is pending has been
 * accepted and committed by the worker, so it must have a final result; if it has none it is
 * <em>lost</em>. Committed offsets are read first and the result topic afterwards, so every result
 * published before a commit is seen.
 */
final class Audit {

    record Outcome(int lost, int pending, List<String> groups, Set<String> topics) {}

    private final Admin admin;
    private final String bootstrap;

    Audit(Admin admin, String bootstrap) {
        this.admin = admin;
        this.bootstrap = bootstrap;
    }

    /**
     * @param groupPrefixes the worker's consumer groups are those whose names start with one of these
     * @param requests the segment's request topic (audited even when nothing was committed on it)
     * @param placements where the driver's request records landed, so the request topic need not be read
     * @param results the result log; caught up here with the result topic
     * @param tag the job id prefix; jobs {@code 0..jobs-1} are audited
     */
    Outcome run(
            List<String> groupPrefixes,
            String requests,
            Placements placements,
            ResultLog results,
            String tag,
            int jobs) {
        List<String> groups = BenchKafka.get(admin.listGroups().all(), "list consumer groups").stream()
                .map(GroupListing::groupId)
                .filter(id -> groupPrefixes.stream().anyMatch(id::startsWith))
                .sorted()
                .toList();
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = BenchKafka.get(
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                    "read the committed offsets of " + group);
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    committed.merge(tp, om.offset(), Math::max);
                }
            });
        }
        List<TopicPartition> resultTopicPartitions = results.partitions();
        if (!results.catchUp(endOffsets(resultTopicPartitions), Duration.ofSeconds(60))) {
            throw new IllegalStateException("could not read the result topic to its end within 60 s");
        }
        Set<String> topics = new TreeSet<>();
        topics.add(requests);
        committed.keySet().forEach(tp -> topics.add(tp.topic()));
        // the worker's fallback and retry topics (REQUESTS.fallback-1 …): a job forwarded to one
        // before the group has committed anything on it is pending there, not lost
        BenchKafka.get(admin.listTopics().names(), "list topics").stream()
                .filter(name -> name.startsWith(requests + "."))
                .forEach(topics::add);
        resultTopicPartitions.forEach(tp -> topics.remove(tp.topic()));
        BitSet pending = new BitSet(jobs);
        for (int i = 0; i < jobs; i++) {
            int partition = placements.partition(i);
            if (partition < 0
                    || placements.offset(i) >= committed.getOrDefault(new TopicPartition(requests, partition), 0L)) {
                pending.set(i);
            }
        }
        for (String topic : topics) {
            if (!topic.equals(requests)) {
                markPending(topic, committed, tag, jobs, pending);
            }
        }
        int lost = 0;
        int stillPending = 0;
        for (int i = 0; i < jobs; i++) {
            if (!results.finished(i)) {
                if (pending.get(i)) {
                    stillPending++;
                } else {
                    lost++;
                }
            }
        }
        return new Outcome(lost, stillPending, groups, topics);
    }

    private void markPending(String topic, Map<TopicPartition, Long> committed, String tag, int jobs, BitSet pending) {
        boolean read = BenchKafka.readToEnd(admin, bootstrap, topic, Duration.ofSeconds(120), record -> {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            String key = record.key();
            int index = key != null && key.startsWith(tag + "-") ? JobMix.index(key) : -1;
            if (index >= 0 && index < jobs && record.offset() >= committed.getOrDefault(tp, 0L)) {
                pending.set(index);
            }
        });
        if (!read) {
            throw new IllegalStateException("could not read " + topic + " to its end within 120 s");
        }
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info =
                BenchKafka.get(admin.listOffsets(latest).all(), "read end offsets");
        Map<TopicPartition, Long> ends = new HashMap<>();
        info.forEach((tp, i) -> ends.put(tp, i.offset()));
        return ends;
    }
}
