package dev.conveyor.billing.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conveyor.schemas.Money;
import java.math.BigDecimal;
import java.util.List;

/**
 * A tenant's bill for one UTC month. {@code FINAL} once the month is over and sealed (later
 * events for it go to a later bill as adjustments, so regenerating gives the same bytes);
 * {@code DRAFT} while the month is still running.
 */
record MonthlyStatement(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("month") String month,
        @JsonProperty("status") String status,
        @JsonProperty("closed_at") String closedAt,
        @JsonProperty("currency") String currency,
        @JsonProperty("lines") List<StatementLine> lines,
        @JsonProperty("totals") Totals totals) {

    static final String FINAL = "FINAL";
    static final String DRAFT = "DRAFT";

    record Totals(
            @JsonProperty("requests") long requests,
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("cached_input_tokens") long cachedInputTokens,
            @JsonProperty("cache_write_tokens") long cacheWriteTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("usage_usd") String usageUsd,
            @JsonProperty("adjustments_usd") String adjustmentsUsd,
            @JsonProperty("amount_usd") String amountUsd,
            @JsonProperty("batch_savings_usd") String batchSavingsUsd) {}

    static MonthlyStatement of(String tenant, String month, String status, String closedAt, List<StatementLine> lines) {
        long requests = 0, input = 0, cached = 0, writes = 0, output = 0;
        BigDecimal usage = Money.ZERO, adjustments = Money.ZERO, savings = Money.ZERO;
        for (StatementLine line : lines) {
            requests += line.requests();
            input += line.inputTokens();
            cached += line.cachedInputTokens();
            writes += line.cacheWriteTokens();
            output += line.outputTokens();
            savings = savings.add(line.batchSavings());
            if (StatementLine.ADJUSTMENT.equals(line.type())) {
                adjustments = adjustments.add(line.amount());
            } else {
                usage = usage.add(line.amount());
            }
        }
        Totals totals = new Totals(
                requests,
                input,
                cached,
                writes,
                output,
                usage.toPlainString(),
                adjustments.toPlainString(),
                usage.add(adjustments).toPlainString(),
                savings.toPlainString());
        return new MonthlyStatement(tenant, month, status, closedAt, "USD", List.copyOf(lines), totals);
    }
}
