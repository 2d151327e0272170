package dev.conveyor.sim.reports;

import dev.conveyor.sim.LedgerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Admin API usage report (messages) and cost report: {@code starting_at} (required)
 * and {@code ending_at} as RFC 3339 times, {@code bucket_width} {@code 1d} (default), {@code 1h}
 * or {@code 1m}, {@code group_by[]=model}, {@code limit} buckets per page, {@code page} the cursor a
 * page's {@code next_page} gave. Input written to the prompt cache is reported as
 * {@code cache_creation.ephemeral_5m_input_tokens}, input read from it as
 * {@code cache_read_input_tokens}, the rest as {@code uncached_input_tokens}.
 */
final class AnthropicReports {

    private AnthropicReports() {}

    static ObjectNode usage(ReportRequest request, List<LedgerEntry> entries) {
        boolean byModel = "model".equals(request.query().get("group_by[]"));
        Buckets.Page page = page(request, entries);
        ObjectNode json = AdminReports.JSON.createObjectNode();
        ArrayNode data = json.putArray("data");
        for (Buckets.Bucket bucket : page.buckets()) {
            ArrayNode results = bucketJson(data, bucket);
            bucket.byModel().forEach((model, sums) -> {
                ObjectNode r = results.addObject();
                r.put("uncached_input_tokens", sums.input() - sums.cached() - sums.cacheCreation());
                ObjectNode creation = r.putObject("cache_creation");
                creation.put("ephemeral_1h_input_tokens", 0);
                creation.put("ephemeral_5m_input_tokens", sums.cacheCreation());
                r.put("cache_read_input_tokens", sums.cached());
                r.put("output_tokens", sums.output());
                r.putObject("server_tool_use").put("web_search_requests", 0);
                r.putNull("api_key_id");
                r.putNull("workspace_id");
                if (byModel) {
                    r.put("model", model);
                } else {
                    r.putNull("model");
                }
                r.putNull("service_tier");
                r.putNull("context_window");
            });
        }
        pageFields(json, page);
        return json;
    }

    /** Costs in cents per description; the simulator keeps no prices, so its buckets carry no lines. */
    static ObjectNode costs(ReportRequest request) {
        Buckets.Page page = page(request, List.of());
        ObjectNode json = AdminReports.JSON.createObjectNode();
        ArrayNode data = json.putArray("data");
        page.buckets().forEach(bucket -> bucketJson(data, bucket));
        pageFields(json, page);
        return json;
    }

    static ReportAnswer error(int status, String type, String message) {
        ObjectNode json = AdminReports.JSON.createObjectNode();
        json.put("type", "error");
        ObjectNode error = json.putObject("error");
        error.put("type", type);
        error.put("message", message);
        return new ReportAnswer(status, AdminReports.JSON.writeValueAsBytes(json));
    }

    private static Buckets.Page page(ReportRequest request, List<LedgerEntry> entries) {
        String start = request.query().get("starting_at");
        if (start == null) {
            throw new IllegalArgumentException("starting_at is required");
        }
        Duration width = Buckets.width(request.query().get("bucket_width"), "bucket_width");
        int max = width.equals(Duration.ofDays(1)) ? 31 : width.equals(Duration.ofHours(1)) ? 168 : 1440;
        int fallback = width.equals(Duration.ofDays(1)) ? 7 : width.equals(Duration.ofHours(1)) ? 24 : 60;
        int limit = AdminReports.integer(request, "limit", fallback, 1, max);
        Instant from = Instant.parse(request.query().getOrDefault("page", start));
        Instant end = request.query().containsKey("ending_at")
                ? Instant.parse(request.query().get("ending_at"))
                : Instant.now();
        return Buckets.page(entries, e -> true, from, end, width, limit, true);
    }

    private static void pageFields(ObjectNode json, Buckets.Page page) {
        json.put("has_more", page.next() != null);
        if (page.next() != null) {
            json.put("next_page", page.next().toString());
        } else {
            json.putNull("next_page");
        }
    }

    private static ArrayNode bucketJson(ArrayNode data, Buckets.Bucket bucket) {
        ObjectNode b = data.addObject();
        b.put("starting_at", bucket.start().toString());
        b.put("ending_at", bucket.end().toString());
        return b.putArray("results");
    }
}
