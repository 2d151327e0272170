package dev.conveyor.billing.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One line of a monthly bill: the calls of one usage month, provider, model and task type that
 * this bill carries. {@code adjustment} lines hold calls of an earlier month whose bill had
 * already been exported when they arrived. The amount is the exact sum of the calls' costs;
 * cache reads ({@code cached_input_tokens}) and writes ({@code cache_write_tokens}) are parts of
 * the input tokens; the effective rate is informational (amount per million input+output tokens, rounded).
 * {@code batch_savings_usd} is what the line's batch-API calls (deferred jobs) saved against list
 * price; the amount is already net of it.
 */
record StatementLine(
        @JsonProperty("type") String type,
        @JsonProperty("usage_month") String usageMonth,
        @JsonProperty("provider") String provider,
        @JsonProperty("model") String model,
        @JsonProperty("task_type") String taskType,
        @JsonProperty("requests") long requests,
        @JsonProperty("input_tokens") long inputTokens,
        @JsonProperty("cached_input_tokens") long cachedInputTokens,
        @JsonProperty("cache_write_tokens") long cacheWriteTokens,
        @JsonProperty("output_tokens") long outputTokens,
        @JsonProperty("effective_usd_per_1m_tokens") String effectiveUsdPerMillionTokens,
        @JsonProperty("amount_usd") String amountUsd,
        @JsonProperty("batch_savings_usd") String batchSavingsUsd) {

    static final String USAGE = "usage";
    static final String ADJUSTMENT = "adjustment";
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    static StatementLine of(
            String type,
            String usageMonth,
            String provider,
            String model,
            String taskType,
            long requests,
            long inputTokens,
            long cachedInputTokens,
            long cacheWriteTokens,
            long outputTokens,
            BigDecimal amount,
            BigDecimal batchSavings) {
        long tokens = inputTokens + outputTokens;
        String rate = tokens == 0
                ? ""
                : amount.multiply(MILLION)
                        .divide(BigDecimal.valueOf(tokens), 6, RoundingMode.HALF_EVEN)
                        .toPlainString();
        return new StatementLine(
                type,
                usageMonth,
                provider,
                model,
                taskType,
                requests,
                inputTokens,
                cachedInputTokens,
                cacheWriteTokens,
                outputTokens,
                rate,
                amount.toPlainString(),
                batchSavings.toPlainString());
    }

    BigDecimal amount() {
        return new BigDecimal(amountUsd);
    }

    BigDecimal batchSavings() {
        return new BigDecimal(batchSavingsUsd);
    }
}
