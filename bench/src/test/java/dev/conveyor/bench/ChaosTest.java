package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosTest {

    private static Chaos.Settings settings(int jobs, int batchSize) {
        RunContext context = new RunContext(
                "llm",
                List.of("router"),
                "localhost:9092",
                "http://registry",
                "http://sim",
                jobs,
                12,
                Duration.ofSeconds(60),
                Path.of("/tmp/unused.pid"),
                Path.of("/tmp/chaos-1/product.json"));
        return new Chaos.Settings(
                context,
                8080,
                "admin",
                4,
                batchSize,
                0.005,
                Duration.ofSeconds(180),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                3,
                4,
                2,
                Duration.ofSeconds(300),
                "llm.dlt",
                new LedgerDatabase.Login("jdbc:postgresql://x/y", "u", "p"),
                Path.of("/tmp/kills.log"),
                20);
    }

    @Test
    void theScheduleHoldsEveryFaultOfTheScenarioWithinTheLoadSpanInOrder() {
        List<Chaos.Fault> faults = new Chaos(settings(20_000, 500)).schedule();

        assertThat(faults)
                .extracting(Chaos.Fault::action)
                .filteredOn(a -> a.startsWith("KILL router-"))
                .hasSize(4);
        assertThat(faults)
                .extracting(Chaos.Fault::action)
                .filteredOn("KILL billing-1"::equals)
                .hasSize(2);
        assertThat(faults)
                .extracting(Chaos.Fault::action)
                .contains(
                        "KILL api",
                        "STOP postgres",
                        "CONT postgres",
                        "STOP broker",
                        "CONT broker",
                        "OUTAGE start",
                        "OUTAGE end");
        assertThat(faults)
                .extracting(Chaos.Fault::atMillis)
                .isSorted()
                .allSatisfy(at -> assertThat(at).isBetween(0L, 180_000L));
        long stop = at(faults, "STOP postgres");
        assertThat(at(faults, "CONT postgres") - stop).isEqualTo(10_000);
        assertThat(at(faults, "STOP broker")).isGreaterThan(at(faults, "CONT postgres"));
        assertThat(at(faults, "CONT broker") - at(faults, "STOP broker")).isEqualTo(10_000);
        assertThat(at(faults, "OUTAGE end") - at(faults, "OUTAGE start")).isEqualTo(30_000);
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        assertThat(new Chaos(settings(2000, 100)).schedule()).isEqualTo(new Chaos(settings(2000, 100)).schedule());
    }

    @Test
    void halfTheJobsGoThroughTheApiInWholeBatchesAndPoisonCoversEveryKind() {
        Chaos.Settings settings = settings(20_000, 500);

        assertThat(settings.directJobs()).isEqualTo(10_000);
        assertThat(settings.batches()).isEqualTo(20);
        assertThat(settings.poisonPerKind() * Poison.Kind.values().length).isEqualTo(100);
        assertThatThrownBy(() -> settings(20_000, 300))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--batch-size");
    }

    @Test
    void aPoisonRecordsKindIsReadBackFromItsKey() {
        for (Poison.Kind kind : Poison.Kind.values()) {
            assertThat(Poison.Kind.of(kind.key(7))).isEqualTo(kind);
        }
        assertThat(Poison.Kind.of("chaos-1-7")).isNull();
        assertThat(Poison.Kind.of(null)).isNull();
        assertThat(Poison.Kind.of("poison-nonsense-1")).isNull();
    }

    private static long at(List<Chaos.Fault> faults, String action) {
        return faults.stream()
                .filter(f -> f.action().equals(action))
                .findFirst()
                .orElseThrow()
                .atMillis();
    }
}
