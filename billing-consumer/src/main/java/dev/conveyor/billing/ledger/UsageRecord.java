package dev.conveyor.billing.ledger;

import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * One provider call as the ledger stores it: a checked copy of a {@link UsageEvent}. A call through a
 * provider's batch API ({@code batchApi}) carries what it saved against the synchronous list price,
 * {@code batchSavingsUsd}; every other call saves 0.
 */
public record UsageRecord(
        String eventId,
        String jobId,
        String tenantId,
        String batchId,
        String provider,
        String model,
        String taskType,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        long cacheWriteTokens,
        BigDecimal costUsd,
        boolean cacheHit,
        boolean batchApi,
        BigDecimal batchSavingsUsd,
        String status,
        long latencyMs,
        Instant timestamp) {

    /** The ledger's {@code numeric(24, 9)}: at most 15 integer digits. */
    private static final BigDecimal MAX_COST = new BigDecimal("1E15");

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    public UsageRecord {
        requireText(eventId, "eventId");
        requireText(jobId, "jobId");
        requireText(tenantId, "tenantId");
        requireText(provider, "provider");
        requireText(model, "model");
        requireText(taskType, "taskType");
        requireText(status, "status");
        requireNotNegative(inputTokens, "inputTokens");
        requireNotNegative(outputTokens, "outputTokens");
        requireNotNegative(cachedInputTokens, "cachedInputTokens");
        requireNotNegative(cacheWriteTokens, "cacheWriteTokens");
        requireNotNegative(latencyMs, "latencyMs");
        if (cachedInputTokens > inputTokens) {
            throw new InvalidUsageEventException("cachedInputTokens " + cachedInputTokens + " exceeds inputTokens "
                    + inputTokens + " (cached tokens are part of the input)");
        }
        if (cachedInputTokens + cacheWriteTokens > inputTokens) {
            throw new InvalidUsageEventException("cachedInputTokens " + cachedInputTokens + " and cacheWriteTokens "
                    + cacheWriteTokens + " exceed inputTokens " + inputTokens
                    + " (cache reads and writes are part of the input)");
        }
        costUsd = usd(costUsd, "costUsd");
        if (batchSavingsUsd == null) {
            batchSavingsUsd = Money.ZERO;
        }
        if (!batchApi && batchSavingsUsd.signum() != 0) {
            throw new InvalidUsageEventException("batchSavingsUsd " + batchSavingsUsd.toPlainString()
                    + " on a call that did not go through a batch API");
        }
        if (batchSavingsUsd.abs().compareTo(MAX_COST) >= 0) {
            throw new InvalidUsageEventException(
                    "batchSavingsUsd " + batchSavingsUsd.toPlainString() + " is beyond the ledger's range");
        }
        batchSavingsUsd = scaled(batchSavingsUsd, "batchSavingsUsd");
        if (timestamp == null || timestamp.isBefore(EARLIEST) || timestamp.isAfter(LATEST)) {
            throw new InvalidUsageEventException("timestamp " + timestamp + " is missing or outside 1970..9999");
        }
        requireNoNul(batchId, "batchId");
    }

    /** Checks the decoded event (its 5-minute and 1-hour cache writes as one kind); throws {@link InvalidUsageEventException} naming the bad field. */
    public static UsageRecord of(UsageEvent event) {
        return new UsageRecord(
                event.getEventId(),
                event.getJobId(),
                event.getTenantId(),
                event.getBatchId(),
                event.getProvider(),
                event.getModel(),
                event.getTaskType(),
                event.getInputTokens(),
                event.getOutputTokens(),
                event.getCachedInputTokens(),
                cacheWrites(event),
                event.getCostUsd(),
                event.getCacheHit(),
                event.getBatchApi(),
                batchSavings(event),
                event.getStatus() == null ? null : event.getStatus().name(),
                event.getLatencyMs(),
                event.getTimestamp());
    }

    private static long cacheWrites(UsageEvent event) {
        requireNotNegative(event.getCacheWriteTokens(), "cacheWriteTokens");
        requireNotNegative(event.getCacheWrite1hTokens(), "cacheWrite1hTokens");
        try {
            return Math.addExact(event.getCacheWriteTokens(), event.getCacheWrite1hTokens());
        } catch (ArithmeticException e) {
            throw new InvalidUsageEventException("cacheWriteTokens " + event.getCacheWriteTokens()
                    + " and cacheWrite1hTokens " + event.getCacheWrite1hTokens() + " overflow a long");
        }
    }

    /**
     * What a batch-API call saved: its list cost less its cost, exact (negative only if a batch price
     * was above the list price). 0 for any other call, and for a batch call whose list cost is
     * unknown: the call is still billed, only the saving is not claimed.
     */
    private static BigDecimal batchSavings(UsageEvent event) {
        if (!event.getBatchApi() || event.getListCostUsd() == null || event.getCostUsd() == null) {
            return Money.ZERO;
        }
        return usd(event.getListCostUsd(), "listCostUsd").subtract(usd(event.getCostUsd(), "costUsd"));
    }

    /** A non-negative amount that fits the ledger's {@code numeric(24, 9)}, at that scale. */
    private static BigDecimal usd(BigDecimal amount, String field) {
        if (amount == null || amount.signum() < 0) {
            throw new InvalidUsageEventException(field + " should be a decimal >= 0, got " + amount);
        }
        if (amount.compareTo(MAX_COST) >= 0) {
            throw new InvalidUsageEventException(
                    field + " " + amount.toPlainString() + " is beyond the ledger's range");
        }
        return scaled(amount, field);
    }

    private static BigDecimal scaled(BigDecimal amount, String field) {
        try {
            return Money.usd(amount);
        } catch (ArithmeticException e) {
            throw new InvalidUsageEventException(
                    field + " " + amount.toPlainString() + " has more than " + Money.SCALE + " fraction digits");
        }
    }

    /** The UTC calendar month of the call. */
    public YearMonth usageMonth() {
        return YearMonth.from(timestamp.atOffset(ZoneOffset.UTC));
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidUsageEventException(field + " is missing or blank");
        }
        requireNoNul(value, field);
    }

    /** PostgreSQL text cannot hold U+0000; such a record would fail its batch forever. */
    private static void requireNoNul(String value, String field) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new InvalidUsageEventException(field + " contains a NUL character");
        }
    }

    private static void requireNotNegative(long value, String field) {
        if (value < 0) {
            throw new InvalidUsageEventException(field + " should be >= 0, got " + value);
        }
    }
}
