package dev.conveyor.billing.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code GET /v1/usage}. The top-level field names are a contract: producer-api
 * proxies this endpoint and the launcher prints from it. Costs are decimal strings.
 * {@code batch_savings_usd} is what deferral saved: the list price less the batch price of the calls
 * that went through a provider's batch API. It is not subtracted again: {@code cost_usd} is already
 * what those calls were charged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UsageReport(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("group_by") String groupBy,
        @JsonProperty("requests") long requests,
        @JsonProperty("input_tokens") long inputTokens,
        @JsonProperty("output_tokens") long outputTokens,
        @JsonProperty("cached_input_tokens") long cachedInputTokens,
        @JsonProperty("cache_write_tokens") long cacheWriteTokens,
        @JsonProperty("cost_usd") String costUsd,
        @JsonProperty("batch_savings_usd") String batchSavingsUsd,
        @JsonProperty("groups") List<Group> groups,
        @JsonProperty("forecast") Projection forecast) {

    /** This month's projected spend at its burn rate so far (see {@link Forecast}). */
    record Projection(
            @JsonProperty("month") String month,
            @JsonProperty("month_to_date_usd") String monthToDateUsd,
            @JsonProperty("burn_usd_per_day") String burnUsdPerDay,
            @JsonProperty("projected_month_usd") String projectedMonthUsd) {

        static Projection of(Forecast f) {
            return new Projection(
                    f.month().toString(),
                    f.monthToDateUsd().toPlainString(),
                    f.burnUsdPerDay().toPlainString(),
                    f.projectedUsd().toPlainString());
        }
    }

    record Group(
            @JsonProperty("key") String key,
            @JsonProperty("requests") long requests,
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("cached_input_tokens") long cachedInputTokens,
            @JsonProperty("cache_write_tokens") long cacheWriteTokens,
            @JsonProperty("cost_usd") String costUsd,
            @JsonProperty("batch_savings_usd") String batchSavingsUsd) {

        static Group of(String key, UsageFigures f) {
            return new Group(
                    key,
                    f.requests(),
                    f.inputTokens(),
                    f.outputTokens(),
                    f.cachedInputTokens(),
                    f.cacheWriteTokens(),
                    f.costUsd().toPlainString(),
                    f.batchSavingsUsd().toPlainString());
        }
    }
}
