package dev.conveyor.billing.reconcile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's organization usage and costs endpoints ({@code GET /v1/organization/usage/completions}
 * grouped by model, {@code GET /v1/organization/costs} grouped by line item), daily buckets, with
 * an admin key. {@code input_tokens} includes {@code input_cached_tokens}; a cost line item reads
 * {@code "MODEL, input"} (or {@code output}, {@code cached input}) and its amount is in dollars.
 */
final class OpenAiReports implements ProviderReports {

    private final AdminHttp http;

    OpenAiReports(String provider, String baseUrl, String adminKey) {
        this.http = new AdminHttp(provider, baseUrl, Map.of("Authorization", "Bearer " + adminKey));
    }

    @Override
    public Figures day(LocalDate day) {
        long start = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        long end = day.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        Figures figures = new Figures();
        for (JsonNode bucket : http.buckets(
                "/v1/organization/usage/completions",
                q -> q.queryParam("start_time", start)
                        .queryParam("end_time", end)
                        .queryParam("bucket_width", "1d")
                        .queryParam("group_by", "model"))) {
            for (JsonNode r : bucket.path("results")) {
                String model = r.path("model").asString("");
                long cached = r.path("input_cached_tokens").asLong(0);
                figures.add(model, Kind.INPUT_TOKENS, r.path("input_tokens").asLong(0) - cached);
                figures.add(model, Kind.CACHED_INPUT_TOKENS, cached);
                figures.add(model, Kind.OUTPUT_TOKENS, r.path("output_tokens").asLong(0));
            }
        }
        for (JsonNode bucket : http.buckets(
                "/v1/organization/costs",
                q -> q.queryParam("start_time", start)
                        .queryParam("end_time", end)
                        .queryParam("bucket_width", "1d")
                        .queryParam("group_by", "line_item"))) {
            for (JsonNode r : bucket.path("results")) {
                String item = r.path("line_item").asString("");
                int comma = item.lastIndexOf(", ");
                String model = comma < 0 ? item : item.substring(0, comma);
                figures.add(
                        model,
                        Kind.COST_USD,
                        new BigDecimal(r.path("amount").path("value").asString("0")));
            }
        }
        return figures;
    }
}
