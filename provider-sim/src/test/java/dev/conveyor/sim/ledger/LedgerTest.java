package dev.conveyor.sim.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.sim.LedgerEntry;
import dev.conveyor.sim.LedgerTotals;
import dev.conveyor.sim.Protocol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private static LedgerEntry entry(int i) {
        return new LedgerEntry(
                "req-" + i + "-é",
                Protocol.values()[i % 4],
                "model-" + (i % 3),
                i,
                2 * i,
                i / 2,
                i % 5 == 0 ? 429 : 200,
                Instant.ofEpochSecond(1_800_000_000L + i, 123_456_789),
                i % 7,
                i % 5 == 0 ? null : "stop");
    }

    @Test
    void entriesComeBackAsRecordedOldestFirst() {
        var ledger = new Ledger(1_000_000);
        var recorded = IntStream.range(0, 40_000).mapToObj(LedgerTest::entry).toList();

        recorded.forEach(ledger::record);

        assertThat(ledger.entries()).containsExactlyElementsOf(recorded);
    }

    @Test
    void oldestEntriesAreDroppedPastTheCapacityButTotalsKeepEverything() {
        var ledger = new Ledger(20_000);

        IntStream.range(0, 60_000).mapToObj(LedgerTest::entry).forEach(ledger::record);

        var kept = ledger.entries();
        assertThat(kept.size()).isBetween(20_000, 20_000 + LedgerChunk.CAPACITY);
        assertThat(kept.getLast()).isEqualTo(entry(59_999));
        assertThat(kept.getFirst().requestId()).isNotEqualTo("req-0-é");
        long calls =
                ledger.totals().values().stream().mapToLong(LedgerTotals::calls).sum();
        assertThat(calls).isEqualTo(60_000);
    }

    @Test
    void totalsSumTokensPerProtocolAndModel() {
        var ledger = new Ledger(100);
        ledger.record(entry(1));
        ledger.record(entry(13));

        var totals = ledger.totals().get("AZURE_OPENAI/model-1");

        assertThat(totals).isEqualTo(new LedgerTotals(2, 2, 1 + 13, 2 + 26, 0 + 6, 1 + 6));
    }

    @Test
    void batchCallsAreTotalledApartAndPricedAsBatchTokens() {
        LedgerPrices prices = (model, tokens) -> BigDecimal.valueOf(tokens.batch() ? 1 : 2)
                .multiply(BigDecimal.valueOf(tokens.input() + tokens.output()));
        var ledger = new Ledger(100, prices);
        var time = Instant.ofEpochSecond(1_800_000_000L);
        ledger.record(new LedgerEntry("sync", Protocol.OPENAI, "m", 10, 5, 0, 200, time, 0, "stop"));
        ledger.record(new LedgerEntry("batch", Protocol.OPENAI, "m", 20, 10, 0, 200, time, 0, "stop", true));

        assertThat(ledger.totals(true).get("OPENAI/m"))
                .isEqualTo(new LedgerTotals(1, 1, 20, 10, 0, 0, BigDecimal.valueOf(30)));
        assertThat(ledger.totals(false).get("OPENAI/m"))
                .isEqualTo(new LedgerTotals(1, 1, 10, 5, 0, 0, BigDecimal.valueOf(30)));
        assertThat(ledger.totals().get("OPENAI/m"))
                .isEqualTo(new LedgerTotals(2, 2, 30, 15, 0, 0, BigDecimal.valueOf(60)));
        assertThat(ledger.entries()).extracting(LedgerEntry::batch).containsExactly(false, true);
    }
}
