package dev.conveyor.billing.ledger;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Running sums for one aggregate row while a batch is summed in memory. */
final class Totals {

    long requests;
    long inputTokens;
    long outputTokens;
    long cachedInputTokens;
    long cacheWriteTokens;
    BigDecimal costUsd = BigDecimal.ZERO;
    BigDecimal batchSavingsUsd = BigDecimal.ZERO;

    /** Sums per aggregate row, in key order (the order rows are locked in). */
    static Map<AggregateKey, Totals> sum(List<UsageRecord> records) {
        Map<AggregateKey, Totals> sums = new TreeMap<>();
        for (UsageRecord record : records) {
            sums.computeIfAbsent(AggregateKey.of(record), k -> new Totals()).add(record);
        }
        return sums;
    }

    private void add(UsageRecord record) {
        requests++;
        inputTokens += record.inputTokens();
        outputTokens += record.outputTokens();
        cachedInputTokens += record.cachedInputTokens();
        cacheWriteTokens += record.cacheWriteTokens();
        costUsd = costUsd.add(record.costUsd());
        batchSavingsUsd = batchSavingsUsd.add(record.batchSavingsUsd());
    }
}
