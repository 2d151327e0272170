package dev.conveyor.billing.ledger;

import java.time.YearMonth;
import java.util.Comparator;

/** One row of {@code billing.usage_monthly}. */
record AggregateKey(String tenantId, YearMonth month, String provider, String model, String taskType)
        implements Comparable<AggregateKey> {

    private static final Comparator<AggregateKey> ORDER = Comparator.comparing(AggregateKey::tenantId)
            .thenComparing(AggregateKey::month)
            .thenComparing(AggregateKey::provider)
            .thenComparing(AggregateKey::model)
            .thenComparing(AggregateKey::taskType);

    static AggregateKey of(UsageRecord record) {
        return new AggregateKey(
                record.tenantId(), record.usageMonth(), record.provider(), record.model(), record.taskType());
    }

    @Override
    public int compareTo(AggregateKey other) {
        return ORDER.compare(this, other);
    }
}
