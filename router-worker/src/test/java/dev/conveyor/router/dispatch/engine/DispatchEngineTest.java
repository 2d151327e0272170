package dev.conveyor.router.dispatch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/** One engine against the real broker: ordering of commits, back pressure, poison and failures. */
class DispatchEngineTest {

    private static final Duration HOLD = Duration.ofMillis(600);

    private final KafkaFixture kafka = new KafkaFixture();
    private final Ledger ledger = new Ledger();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final String group = KafkaFixture.newGroup();

    @BeforeAll
    static void patience() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        ledger.releaseAll();
        kafka.close();
    }

    @Test
    void commitsOnlyTheContiguousFinishedPrefixWhenRecordsFinishOutOfOrder() {
        String topic = kafka.newTopic(1);
        IntStream.range(0, 10).forEach(offset -> ledger.hold(0, offset));
        kafka.produce(topic, 0, 10);
        kafka.start(builder(topic, ledger.processor("a"), KafkaFixture.FAST));
        await().until(() -> ledger.startedCount() == 10);

        finish(4, 7);
        assertCommitNeverPasses(topic, 0);

        finish(0, 1);
        awaitCommitted(topic, 0, 2);
        assertCommitNeverPasses(topic, 2);

        finish(9, 3, 2);
        awaitCommitted(topic, 0, 5);

        finish(8, 6);
        assertCommitNeverPasses(topic, 5);

        finish(5);
        awaitCommitted(topic, 0, 10);
    }

    @Test
    void aStuckRecordHoldsTheCommitAtItsOffsetWhileTheRestOfItsPartitionFlows() {
        String topic = kafka.newTopic(1);
        ledger.hold(0, 5);
        kafka.produce(topic, 0, 50);
        kafka.start(builder(topic, ledger.processor("a"), KafkaFixture.FAST));

        await().until(() -> ledger.finishedCount() == 49);
        assertThat(ledger.finished(0, 5)).isFalse();
        awaitCommitted(topic, 0, 5);
        assertCommitNeverPasses(topic, 5);

        ledger.release(0, 5);
        awaitCommitted(topic, 0, 50);
    }

    @Test
    void aPartitionWhoseWindowIsFullPausesAloneUntilItsStuckRecordFinishes() {
        String topic = kafka.newTopic(2);
        ledger.hold(0, 0);
        kafka.produce(topic, 0, 200);
        kafka.produce(topic, 1, 200);
        Map<String, Object> config = kafka.consumerConfig(group);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        kafka.start(DispatchEngine.builder(config, List.of(topic), ledger.<String>processor("a"))
                .settings(KafkaFixture.FAST.withMaxPendingPerPartition(20))
                .onFailure((record, e) -> {})
                .onPoison((raw, e) -> {})
                .meterRegistry(registry));

        await().until(() -> ledger.finishedCount(1) == 200);
        awaitCommitted(topic, 1, 200);
        await().until(() -> pausedPartitions() == 1);
        await().during(HOLD).atMost(HOLD.multipliedBy(3)).until(() -> ledger.startedCount(0) <= 20 + 10);

        ledger.release(0, 0);
        awaitCommitted(topic, 0, 200);
        assertThat(ledger.finishedCount(0)).isEqualTo(200);
        await().until(() -> pausedPartitions() == 0);
    }

    @Test
    void inFlightNeverExceedsTheCapAndPartitionsResumeOnceItDrains() {
        String topic = kafka.newTopic(4);
        for (int p = 0; p < 4; p++) {
            kafka.produce(topic, p, 100);
        }
        CountDownLatch gate = new CountDownLatch(1);
        RecordProcessor<String> processor = record -> ledger.track("a", record, gate::await);
        Map<String, Object> config = kafka.consumerConfig(group);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_000);
        kafka.start(DispatchEngine.builder(config, List.of(topic), processor)
                .settings(KafkaFixture.FAST.withMaxInFlight(20).withPrefetch(10))
                .onFailure((record, e) -> {})
                .onPoison((raw, e) -> {})
                .meterRegistry(registry));

        await().until(() -> ledger.startedCount() == 20 && inFlight() == 20 && pausedPartitions() == 4);
        Duration longerThanMaxPollInterval = Duration.ofMillis(1_500);
        await().during(longerThanMaxPollInterval)
                .atMost(longerThanMaxPollInterval.multipliedBy(2))
                .until(() -> ledger.startedCount() == 20);

        gate.countDown();
        await().until(() -> kafka.committedTotal(group) == 400);
        assertThat(ledger.finishedCount()).isEqualTo(400);
        assertThat(ledger.maxConcurrent()).isEqualTo(20);
        assertThat(ledger.startedMoreThanOnce())
                .as("nothing redelivered: the group never dropped us")
                .isEmpty();
        await().until(() -> pausedPartitions() == 0 && inFlight() == 0);
    }

    @Test
    void poisonRecordsGoToThePoisonHandlerAndTheRecordsAfterThemFlow() {
        String topic = kafka.newTopic(1);
        kafka.produce(topic, 0, values(20, Set.of(3, 4, 11)));
        Map<String, Object> config = kafka.consumerConfig(group);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, RejectingPoisonDeserializer.class);

        Map<Long, String> poison = startCollectingPoison(config, topic);

        awaitCommitted(topic, 0, 20);
        assertThat(poison)
                .containsOnly(Map.entry(3L, "poison-3"), Map.entry(4L, "poison-4"), Map.entry(11L, "poison-11"));
        assertThat(ledger.finishedCount()).isEqualTo(17);
        assertThat(count("poison")).isEqualTo(3);
        assertThat(count("processed")).isEqualTo(17);
    }

    @Test
    void recordsAnErrorHandlingDeserializerCouldNotReadGoToThePoisonHandler() {
        String topic = kafka.newTopic(1);
        kafka.produce(topic, 0, values(10, Set.of(0, 6)));
        Map<String, Object> config = kafka.consumerConfig(group);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, RejectingPoisonDeserializer.class);

        Map<Long, String> poison = startCollectingPoison(config, topic);

        awaitCommitted(topic, 0, 10);
        assertThat(poison).containsOnly(Map.entry(0L, "poison-0"), Map.entry(6L, "poison-6"));
        assertThat(ledger.finishedCount()).isEqualTo(8);
    }

    @Test
    void aRecordWhoseProcessorThrowsGoesToTheFailureHandlerAndIsCommitted() {
        String topic = kafka.newTopic(1);
        kafka.produce(topic, 0, 10);
        Map<Long, Exception> failures = new ConcurrentHashMap<>();
        RecordProcessor<String> processor = record -> ledger.track("a", record, () -> {
            if (record.offset() % 3 == 0) {
                throw new IllegalStateException("provider refused " + record.value());
            }
        });
        kafka.start(DispatchEngine.builder(kafka.consumerConfig(group), List.of(topic), processor)
                .settings(KafkaFixture.FAST)
                .onFailure((record, e) -> failures.put(record.offset(), e))
                .onPoison((raw, e) -> {})
                .meterRegistry(registry));

        awaitCommitted(topic, 0, 10);
        assertThat(failures).containsOnlyKeys(0L, 3L, 6L, 9L);
        assertThat(failures.get(3L)).hasMessage("provider refused job-0-3");
        assertThat(count("failed")).isEqualTo(4);
        assertThat(count("processed")).isEqualTo(6);
    }

    @Test
    void closeWaitsForRecordsInFlightAndCommitsThem() throws Exception {
        String topic = kafka.newTopic(1);
        ledger.hold(0, 3);
        kafka.produce(topic, 0, 10);
        DispatchEngine<String> engine = kafka.start(
                builder(topic, ledger.processor("a"), KafkaFixture.FAST.withCommitInterval(Duration.ofHours(1))));
        await().until(() -> ledger.finishedCount() == 9);

        Thread closing = Thread.ofVirtual().start(() -> engine.close(Duration.ofSeconds(20)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(closing::isAlive);
        ledger.release(0, 3);
        closing.join(Duration.ofSeconds(20));

        assertThat(closing.isAlive()).isFalse();
        assertThat(kafka.committed(group, topic, 0)).isEqualTo(10);
        assertThat(engine.isRunning()).isFalse();
    }

    private Map<Long, String> startCollectingPoison(Map<String, Object> config, String topic) {
        Map<Long, String> poison = new ConcurrentHashMap<>();
        kafka.start(DispatchEngine.builder(config, List.of(topic), ledger.<String>processor("a"))
                .settings(KafkaFixture.FAST)
                .onFailure((record, e) -> {})
                .onPoison((ConsumerRecord<byte[], byte[]> raw, Exception e) ->
                        poison.put(raw.offset(), new String(raw.value(), StandardCharsets.UTF_8)))
                .meterRegistry(registry));
        return poison;
    }

    private static List<String> values(int count, Set<Integer> poisonAt) {
        return IntStream.range(0, count)
                .mapToObj(i -> (poisonAt.contains(i) ? "poison-" : "job-") + i)
                .collect(Collectors.toList());
    }

    private DispatchEngine.Builder<String> builder(
            String topic, RecordProcessor<String> processor, DispatchSettings settings) {
        return DispatchEngine.builder(kafka.consumerConfig(group), List.of(topic), processor)
                .settings(settings)
                .onFailure((record, e) -> {})
                .onPoison((raw, e) -> {})
                .meterRegistry(registry);
    }

    private void finish(int... offsets) {
        for (int offset : offsets) {
            ledger.release(0, offset);
            await().until(() -> ledger.finished(0, offset));
        }
    }

    private void awaitCommitted(String topic, int partition, long offset) {
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committed(group, topic, partition) == offset);
    }

    /** For several commit intervals, the commit does not move past this offset. */
    private void assertCommitNeverPasses(String topic, long offset) {
        await().during(HOLD).atMost(HOLD.multipliedBy(3)).until(() -> kafka.committed(group, topic, 0) <= offset);
    }

    private int inFlight() {
        return (int) registry.get(DispatchMetrics.IN_FLIGHT).gauge().value();
    }

    private int pausedPartitions() {
        return (int) registry.get(DispatchMetrics.PAUSED_PARTITIONS).gauge().value();
    }

    private double count(String outcome) {
        return registry.get(DispatchMetrics.RECORDS)
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
