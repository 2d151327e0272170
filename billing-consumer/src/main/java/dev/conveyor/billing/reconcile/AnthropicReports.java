package dev.conveyor.billing.reconcile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's Admin API usage and cost reports ({@code GET /v1/organizations/usage_report/messages}
 * grouped by model, {@code GET /v1/organizations/cost_report} grouped by description), daily
 * buckets, with an admin key. Input written to the prompt cache ({@code cache_creation}, 5-minute
 * and 1-hour writes) is compared as its own kind, apart from the uncached input; a cost
 * {@code amount} is a decimal string in cents.
 */
final class AnthropicReports implements ProviderReports {

    private static final BigDecimal CENTS_PER_DOLLAR = BigDecimal.valueOf(100);

    private final AdminHttp http;

    AnthropicReports(String provider, String baseUrl, String adminKey) {
        this.http = new AdminHttp(provider, baseUrl, Map.of("x-api-key", adminKey, "anthropic-version", "2023-06-01"));
    }

    @Override
    public Figures day(LocalDate day) {
        String start = day.atStartOfDay() + ":00Z";
        String end = day.plusDays(1).atStartOfDay() + ":00Z";
        Figures figures = new Figures();
        for (JsonNode bucket : http.buckets(
                "/v1/organizations/usage_report/messages",
                q -> q.queryParam("starting_at", start)
                        .queryParam("ending_at", end)
                        .queryParam("bucket_width", "1d")
                        .queryParam("group_by[]", "model"))) {
            for (JsonNode r : bucket.path("results")) {
                String model = r.path("model").asString("");
                JsonNode creation = r.path("cache_creation");
                figures.add(
                        model,
                        Kind.INPUT_TOKENS,
                        r.path("uncached_input_tokens").asLong(0));
                figures.add(
                        model,
                        Kind.CACHE_WRITE_TOKENS,
                        creation.path("ephemeral_5m_input_tokens").asLong(0)
                                + creation.path("ephemeral_1h_input_tokens").asLong(0));
                figures.add(
                        model,
                        Kind.CACHED_INPUT_TOKENS,
                        r.path("cache_read_input_tokens").asLong(0));
                figures.add(model, Kind.OUTPUT_TOKENS, r.path("output_tokens").asLong(0));
            }
        }
        for (JsonNode bucket : http.buckets(
                "/v1/organizations/cost_report",
                q -> q.queryParam("starting_at", start)
                        .queryParam("ending_at", end)
                        .queryParam("bucket_width", "1d")
                        .queryParam("group_by[]", "description"))) {
            for (JsonNode r : bucket.path("results")) {
                BigDecimal cents = new BigDecimal(r.path("amount").asString("0"));
                figures.add(r.path("model").asString(""), Kind.COST_USD, cents.divide(CENTS_PER_DOLLAR));
            }
        }
        return figures;
    }
}
