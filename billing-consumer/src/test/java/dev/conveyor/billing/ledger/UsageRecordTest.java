package dev.conveyor.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.billing.UsageEvents;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Records the database would refuse are refused before, so they dead-letter instead of blocking. */
class UsageRecordTest {

    private static final Instant AT = Instant.parse("2026-11-30T23:59:59.999Z");

    @Test
    void validEventKeepsItsCostExactlyAtScaleNine() {
        UsageRecord record = UsageRecord.of(valid());

        assertThat(record.costUsd()).isEqualTo(new BigDecimal("0.000000123"));
        assertThat(record.usageMonth()).isEqualTo(YearMonth.of(2026, 11));
    }

    @Test
    void fiveMinuteAndOneHourCacheWritesAreOneKind() {
        UsageRecord record = UsageRecord.of(UsageEvent.newBuilder(valid())
                .setCacheWriteTokens(3)
                .setCacheWrite1hTokens(4)
                .build());

        assertThat(record.cacheWriteTokens()).isEqualTo(7);
    }

    @Test
    void aBatchCallSavesItsListCostLessItsCostExactly() {
        UsageRecord record = UsageRecord.of(UsageEvents.batch(valid(), "0.000000246"));

        assertThat(record.batchApi()).isTrue();
        assertThat(record.batchSavingsUsd()).isEqualTo(new BigDecimal("0.000000123"));
    }

    @Test
    void anOrdinaryCallSavesNothingEvenWithAListCost() {
        UsageRecord ordinary = UsageRecord.of(valid());
        UsageRecord notBatch = UsageRecord.of(UsageEvent.newBuilder(valid())
                .setListCostUsd(new BigDecimal("5.000000000"))
                .build());

        assertThat(ordinary.batchApi()).isFalse();
        assertThat(ordinary.batchSavingsUsd()).isEqualTo(new BigDecimal("0.000000000"));
        assertThat(notBatch.batchSavingsUsd()).isEqualTo(new BigDecimal("0.000000000"));
    }

    @Test
    void aBatchCallWithoutAListCostIsBilledAndClaimsNoSaving() {
        UsageRecord record =
                UsageRecord.of(UsageEvent.newBuilder(valid()).setBatchApi(true).build());

        assertThat(record.batchApi()).isTrue();
        assertThat(record.costUsd()).isEqualTo(new BigDecimal("0.000000123"));
        assertThat(record.batchSavingsUsd()).isEqualTo(new BigDecimal("0.000000000"));
    }

    @Test
    void unbillableEventsAreRefusedNamingTheField() {
        assertRefused(b -> b.setInputTokens(-1), "inputTokens");
        assertRefused(b -> b.setCachedInputTokens(5).setInputTokens(4), "cachedInputTokens");
        assertRefused(b -> b.setCachedInputTokens(5).setCacheWriteTokens(6).setInputTokens(10), "cacheWriteTokens");
        assertRefused(b -> b.setCacheWrite1hTokens(9).setInputTokens(10), "cacheWriteTokens");
        assertRefused(b -> b.setCacheWriteTokens(-1), "cacheWriteTokens");
        assertRefused(b -> b.setCacheWrite1hTokens(-1), "cacheWrite1hTokens");
        assertRefused(b -> b.setTenantId(" "), "tenantId");
        assertRefused(b -> b.setModel("gpt\u0000x"), "model");
        assertRefused(b -> b.setCostUsd(new BigDecimal("1000000000000000.000000000")), "costUsd");
        assertRefused(b -> b.setCostUsd(new BigDecimal("-0.000000001")), "costUsd");
        assertRefused(b -> b.setTimestamp(Instant.parse("+20000-01-01T00:00:00Z")), "timestamp");
        assertRefused(b -> b.setBatchApi(true).setListCostUsd(new BigDecimal("-0.000000001")), "listCostUsd");
        assertRefused(
                b -> b.setBatchApi(true).setListCostUsd(new BigDecimal("1000000000000000.000000000")), "listCostUsd");
    }

    @Test
    void costWithMoreThanNineFractionDigitsIsRefused() {
        UsageEvent event = valid();
        assertThatThrownBy(() -> new UsageRecord(
                        event.getEventId(),
                        "j",
                        "t",
                        null,
                        "p",
                        "m",
                        "code",
                        1,
                        1,
                        0,
                        0,
                        new BigDecimal("0.0000000001"),
                        false,
                        false,
                        null,
                        "SUCCEEDED",
                        1,
                        AT))
                .isInstanceOf(InvalidUsageEventException.class)
                .hasMessageContaining("fraction digits");
    }

    private static void assertRefused(UnaryOperator<UsageEvent.Builder> change, String field) {
        UsageEvent event = change.apply(UsageEvent.newBuilder(valid())).build();
        assertThatThrownBy(() -> UsageRecord.of(event))
                .isInstanceOf(InvalidUsageEventException.class)
                .hasMessageContaining(field);
    }

    private static UsageEvent valid() {
        return UsageEvents.event("t", "p", "m", "code", 10, 5, 2, "0.000000123", AT);
    }
}
