package dev.conveyor.router.dispatch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Engines joining, leaving and crashing in one consumer group, against the real broker. */
class DispatchEngineRebalanceTest {

    private final KafkaFixture kafka = new KafkaFixture();
    private final Ledger ledger = new Ledger();
    private final String group = KafkaFixture.newGroup();

    @BeforeAll
    static void patience() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void tearDown() {
        ledger.releaseAll();
        kafka.close();
    }

    @Test
    void aSecondEngineJoiningMidFlightLosesNothingAndNoRecordRunsOnBoth() {
        String topic = kafka.newTopic(4);
        for (int p = 0; p < 4; p++) {
            kafka.produce(topic, p, 300);
        }
        DispatchSettings settings = KafkaFixture.FAST.withMaxInFlight(20);
        MeterRegistry registryA = new SimpleMeterRegistry();
        // Slow enough that engine a alone would need 12 s, so b joins well before the work is done
        // even on a loaded machine.
        kafka.start(engine("a", topic, settings, Duration.ofMillis(200)).meterRegistry(registryA));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.finishedCount() >= 200);
        assertThat(registryA.get(DispatchMetrics.IN_FLIGHT).gauge().value()).isPositive();

        kafka.start(engine("b", topic, settings, Duration.ofMillis(200)));

        await().atMost(Duration.ofSeconds(90)).until(() -> kafka.committedTotal(group) == 1_200);
        assertThat(ledger.finishedCount()).isEqualTo(1_200);
        assertThat(ledger.finishedBy("a")).isNotEmpty();
        assertThat(ledger.finishedBy("b")).isNotEmpty();
        assertThat(ledger.ranConcurrently()).isEmpty();
        assertThat(ledger.startedMoreThanOnce()).isEmpty();
    }

    /**
     * The abandoned record runs on both engines at once; the finished records behind it were never
     * committed, so they run again too, one after the other. Nothing below the commit runs twice.
     */
    @Test
    void aRecordStillRunningWhenTheRevocationTimeoutEndsIsAbandonedAndRunsAgainFromTheCommit() {
        String topic = kafka.newTopic(2);
        kafka.produce(topic, 0, 50);
        kafka.produce(topic, 1, 50);
        ledger.holdFor("a", 0, 10);
        ledger.holdFor("a", 1, 10);
        DispatchSettings settings = KafkaFixture.FAST.withRevocationTimeout(Duration.ofSeconds(1));
        kafka.start(engine("a", topic, settings, Duration.ZERO));
        await().until(() -> ledger.finishedCount() == 98);
        await().until(() -> kafka.committed(group, topic, 0) == 10 && kafka.committed(group, topic, 1) == 10);

        kafka.start(engine("b", topic, settings, Duration.ZERO));

        await().until(() -> ledger.finishedBy("b").size() == 40);
        int moved = ledger.finishedBy("b").iterator().next().partition();
        int kept = 1 - moved;
        assertThat(ledger.finishedBy("b")).isEqualTo(ids(moved, 10, 50));
        await().until(() -> kafka.committed(group, topic, moved) == 50);
        assertThat(ledger.ranConcurrently()).containsExactly(new Ledger.Id(moved, 10));
        assertThat(ledger.startedMoreThanOnce()).isEqualTo(ids(moved, 10, 50));
        assertThat(kafka.committed(group, topic, kept)).isEqualTo(10);

        ledger.releaseAll();
        await().until(() -> kafka.committed(group, topic, kept) == 50);
        assertThat(ledger.finishedCount()).isEqualTo(100);
        assertThat(kafka.committed(group, topic, moved)).isEqualTo(50);
    }

    @Test
    void aNewEngineRedeliversFromTheLastCommitAfterACrash() {
        String topic = kafka.newTopic(2);
        kafka.produce(topic, 0, 30);
        kafka.produce(topic, 1, 30);
        ledger.holdFor("a", 0, 10);
        DispatchEngine<String> crashing = kafka.start(engine("a", topic, KafkaFixture.FAST, Duration.ZERO));
        await().until(() -> ledger.finishedCount() == 59);
        await().until(() -> kafka.committed(group, topic, 0) == 10 && kafka.committed(group, topic, 1) == 30);

        crashing.crash();
        assertThat(crashing.isRunning()).isFalse();
        kafka.start(engine("b", topic, KafkaFixture.FAST, Duration.ZERO));

        await().until(() -> kafka.committed(group, topic, 0) == 30);
        assertThat(ledger.finishedBy("b")).isEqualTo(ids(0, 10, 30));
        assertThat(ledger.finishedCount()).isEqualTo(60);
        assertThat(kafka.committed(group, topic, 1)).isEqualTo(30);
    }

    private DispatchEngine.Builder<String> engine(
            String name, String topic, DispatchSettings settings, Duration simulatedCall) {
        RecordProcessor<String> processor =
                simulatedCall.isZero() ? ledger.processor(name) : ledger.processor(name, simulatedCall);
        return DispatchEngine.builder(kafka.consumerConfig(group), List.of(topic), processor)
                .name(name)
                .settings(settings)
                .onFailure((record, e) -> {})
                .onPoison((raw, e) -> {});
    }

    private static Set<Ledger.Id> ids(int partition, long from, long to) {
        return LongStream.range(from, to)
                .mapToObj(offset -> new Ledger.Id(partition, offset))
                .collect(Collectors.toSet());
    }
}
