package dev.conveyor.router.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag as a metric, {@code conveyor.consumer.lag{group,topic,lane}}: for each watched
 * consumer group and topic, the records between the group's committed offsets and the partitions'
 * ends, read with the admin client every {@code interval} (the broker's view, so it is the same
 * whichever worker reports it, and it counts a group with no live member). The lane is the part of
 * a request topic's name after the requests topic ({@code llm.requests.bulk}: {@code bulk}),
 * {@code default} for the requests topic itself and the topic's name for any other topic.
 */
public final class ConsumerLag implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final Admin admin;
    private final List<String> groups;
    private final String requestsTopic;
    private final MeterRegistry meters;
    private final Map<Series, AtomicLong> lags = new ConcurrentHashMap<>();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("consumer-lag").factory());

    /** One gauge: a group's lag on one topic. */
    record Series(String group, String topic) {}

    public ConsumerLag(Admin admin, List<String> groups, String requestsTopic, MeterRegistry meters) {
        this.admin = admin;
        this.groups = List.copyOf(groups);
        this.requestsTopic = requestsTopic;
        this.meters = meters;
    }

    public void start(Duration interval) {
        long millis = interval.toMillis();
        schedule.scheduleWithFixedDelay(this::tick, 0, millis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.debug("Consumer lag not read this round", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("Consumer lag not read this round: {}", e.toString());
        }
    }

    /** Reads every watched group's lag now and updates the gauges. */
    void refresh()
            throws InterruptedException, java.util.concurrent.ExecutionException,
                    java.util.concurrent.TimeoutException {
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            committed.values().removeIf(o -> o == null);
            if (committed.isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<String, Long> byTopic = new HashMap<>();
            committed.forEach((tp, offset) ->
                    byTopic.merge(tp.topic(), Math.max(0, ends.get(tp).offset() - offset.offset()), Long::sum));
            byTopic.forEach((topic, lag) -> gauge(new Series(group, topic)).set(lag));
        }
    }

    /** The lag last read for a group and topic; null when none was read. */
    Long lag(String group, String topic) {
        AtomicLong lag = lags.get(new Series(group, topic));
        return lag == null ? null : lag.get();
    }

    private AtomicLong gauge(Series series) {
        return lags.computeIfAbsent(series, s -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("conveyor.consumer.lag", value, AtomicLong::doubleValue)
                    .description(
                            "Records between a consumer group's committed offsets and the ends of a topic's partitions")
                    .tags("group", s.group(), "topic", s.topic(), "lane", lane(s.topic()))
                    .register(meters);
            return value;
        });
    }

    String lane(String topic) {
        if (topic.equals(requestsTopic)) {
            return "default";
        }
        if (topic.startsWith(requestsTopic + ".")) {
            return topic.substring(requestsTopic.length() + 1);
        }
        return topic;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
