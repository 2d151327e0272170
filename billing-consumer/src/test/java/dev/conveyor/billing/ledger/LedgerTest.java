package dev.conveyor.billing.ledger;

import static dev.conveyor.billing.UsageEvents.batch;
import static dev.conveyor.billing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.billing.BillingIntegrationTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class LedgerTest extends BillingIntegrationTest {

    private static final Instant NOV = Instant.parse("2026-11-03T08:00:00Z");

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcClient jdbc;

    @Test
    void replayingABatchChangesNothing() {
        String tenant = tenant("replay");
        List<UsageRecord> batch = records(tenant, 50);

        AppendResult first = ledger.append(batch);
        Totals before = monthly(tenant);
        AppendResult replay = ledger.append(batch);

        assertThat(first.inserted()).isEqualTo(50);
        assertThat(replay.inserted()).isZero();
        assertThat(replay.duplicates()).isEqualTo(50);
        assertThat(monthly(tenant)).usingRecursiveComparison().isEqualTo(before);
        assertThat(before.requests).isEqualTo(50);
        assertThat(before.costUsd).isEqualByComparingTo(expectedCost(batch));
    }

    @Test
    void duplicateEventsInOneBatchCountOnce() {
        String tenant = tenant("dup-in-batch");
        List<UsageRecord> distinct = records(tenant, 10);
        List<UsageRecord> batch = new ArrayList<>(distinct);
        batch.addAll(distinct.subList(0, 4));
        batch.add(distinct.get(0));

        AppendResult result = ledger.append(batch);

        assertThat(result.received()).isEqualTo(15);
        assertThat(result.inserted()).isEqualTo(10);
        assertThat(monthly(tenant).requests).isEqualTo(10);
        assertThat(monthly(tenant).costUsd).isEqualByComparingTo(expectedCost(distinct));
    }

    @Test
    void duplicateEventsAcrossBatchesCountOnce() {
        String tenant = tenant("dup-across");
        List<UsageRecord> all = records(tenant, 30);

        ledger.append(all.subList(0, 20));
        AppendResult overlapping = ledger.append(all.subList(10, 30));

        assertThat(overlapping.inserted()).isEqualTo(10);
        Totals totals = monthly(tenant);
        assertThat(totals.requests).isEqualTo(30);
        assertThat(totals.inputTokens)
                .isEqualTo(all.stream().mapToLong(UsageRecord::inputTokens).sum());
        assertThat(totals.outputTokens)
                .isEqualTo(all.stream().mapToLong(UsageRecord::outputTokens).sum());
        assertThat(totals.cachedInputTokens)
                .isEqualTo(
                        all.stream().mapToLong(UsageRecord::cachedInputTokens).sum());
        assertThat(totals.costUsd).isEqualByComparingTo(expectedCost(all));
        assertThat(totals.batchSavingsUsd).isEqualByComparingTo(expectedSavings(all));
    }

    @Test
    void aggregatesEqualTheRawEventsToTheLastDecimal() {
        String tenant = tenant("reconcile");
        List<UsageRecord> all = records(tenant, 200);
        for (int from = 0; from < all.size(); from += 37) {
            ledger.append(all.subList(from, Math.min(all.size(), from + 50)));
        }

        BigDecimal raw = jdbc.sql("SELECT sum(cost_usd) FROM billing.usage_events WHERE tenant_id = ?")
                .param(tenant)
                .query(BigDecimal.class)
                .single();
        assertThat(monthly(tenant).costUsd).isEqualTo(raw).isEqualTo(expectedCost(all));
        assertThat(raw.scale()).isEqualTo(9);
        BigDecimal rawSavings = jdbc.sql(
                        "SELECT sum(batch_savings_usd) FROM billing.usage_events WHERE tenant_id = ? AND batch_api")
                .param(tenant)
                .query(BigDecimal.class)
                .single();
        assertThat(monthly(tenant).batchSavingsUsd)
                .isEqualTo(rawSavings)
                .isEqualTo(expectedSavings(all))
                .isPositive();
    }

    @Test
    void eventsAreAggregatedByUtcMonthProviderModelAndTaskType() {
        String tenant = tenant("keys");
        ledger.append(List.of(
                UsageRecord.of(event(tenant, "a", "m1", "code", 1, 1, 0, "0.1", Instant.parse("2026-10-31T23:59:59Z"))),
                UsageRecord.of(event(tenant, "a", "m1", "code", 1, 1, 0, "0.2", Instant.parse("2026-11-01T00:00:00Z"))),
                UsageRecord.of(event(tenant, "a", "m1", "docs", 1, 1, 0, "0.3", NOV)),
                UsageRecord.of(event(tenant, "b", "m1", "docs", 1, 1, 0, "0.4", NOV)),
                UsageRecord.of(event(tenant, "b", "m1", "docs", 1, 1, 0, "0.5", NOV))));

        List<String> rows = jdbc.sql("""
                        SELECT usage_month || ' ' || provider || ' ' || model || ' ' || task_type || ' '
                               || requests || ' ' || cost_usd
                        FROM billing.usage_monthly WHERE tenant_id = ? ORDER BY 1""").param(tenant).query(String.class).list();
        assertThat(rows)
                .containsExactly(
                        "2026-10 a m1 code 1 0.100000000",
                        "2026-11 a m1 code 1 0.200000000",
                        "2026-11 a m1 docs 1 0.300000000",
                        "2026-11 b m1 docs 2 0.900000000");
    }

    static List<UsageRecord> records(String tenant, int n) {
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String cost = BigDecimal.valueOf(i * 7919L + 1, 9).toPlainString();
            var call = event(tenant, "sim", i % 2 == 0 ? "m-even" : "m-odd", "code", 100 + i, 10 + i, i % 3, cost, NOV);
            String listCost = BigDecimal.valueOf(i * 15838L + 5, 9).toPlainString();
            records.add(UsageRecord.of(i % 5 == 4 ? batch(call, listCost) : call));
        }
        return records;
    }

    private static BigDecimal expectedCost(List<UsageRecord> records) {
        return records.stream().map(UsageRecord::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal expectedSavings(List<UsageRecord> records) {
        return records.stream().map(UsageRecord::batchSavingsUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private Totals monthly(String tenant) {
        return jdbc.sql("""
                        SELECT coalesce(sum(requests), 0) AS r, coalesce(sum(input_tokens), 0) AS i,
                               coalesce(sum(output_tokens), 0) AS o, coalesce(sum(cached_input_tokens), 0) AS c,
                               coalesce(sum(cost_usd), 0) AS cost, coalesce(sum(batch_savings_usd), 0) AS savings
                        FROM billing.usage_monthly WHERE tenant_id = ?""")
                .param(tenant)
                .query((rs, n) -> {
                    Totals t = new Totals();
                    t.requests = rs.getLong("r");
                    t.inputTokens = rs.getLong("i");
                    t.outputTokens = rs.getLong("o");
                    t.cachedInputTokens = rs.getLong("c");
                    t.costUsd = rs.getBigDecimal("cost");
                    t.batchSavingsUsd = rs.getBigDecimal("savings");
                    return t;
                })
                .single();
    }
}
