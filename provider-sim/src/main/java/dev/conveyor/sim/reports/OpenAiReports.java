package dev.conveyor.sim.reports;

import dev.conveyor.sim.LedgerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's organization usage ({@code organization.usage.completions.result}) and costs
 * ({@code organization.costs.result}) pages: {@code start_time} (required) and {@code end_time}
 * in Unix seconds, {@code bucket_width} {@code 1d} (default), {@code 1h} or {@code 1m},
 * {@code group_by=model}, {@code limit} buckets per page, {@code page} the cursor a page's
 * {@code next_page} gave.
 */
final class OpenAiReports {

    private OpenAiReports() {}

    static ObjectNode usage(ReportRequest request, List<LedgerEntry> entries) {
        boolean byModel = "model".equals(request.query().get("group_by"));
        Buckets.Page page = page(request, entries);
        ObjectNode json = pageJson(page);
        ArrayNode data = json.putArray("data");
        for (Buckets.Bucket bucket : page.buckets()) {
            ArrayNode results = bucketJson(data, bucket);
            bucket.byModel().forEach((model, sums) -> {
                ObjectNode r = results.addObject();
                r.put("object", "organization.usage.completions.result");
                r.put("input_tokens", sums.input());
                r.put("output_tokens", sums.output());
                r.put("input_cached_tokens", sums.cached());
                r.put("input_audio_tokens", 0);
                r.put("output_audio_tokens", 0);
                r.put("num_model_requests", sums.requests());
                r.putNull("project_id");
                r.putNull("user_id");
                r.putNull("api_key_id");
                if (byModel) {
                    r.put("model", model);
                } else {
                    r.putNull("model");
                }
                r.putNull("batch");
            });
        }
        return json;
    }

    /** Costs in dollars per line item; the simulator keeps no prices, so its buckets carry no lines. */
    static ObjectNode costs(ReportRequest request) {
        Buckets.Page page = page(request, List.of());
        ObjectNode json = pageJson(page);
        ArrayNode data = json.putArray("data");
        page.buckets().forEach(bucket -> bucketJson(data, bucket));
        return json;
    }

    static ReportAnswer error(int status, String type, String message) {
        ObjectNode json = AdminReports.JSON.createObjectNode();
        ObjectNode error = json.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", status == 401 ? "invalid_api_key" : null);
        return new ReportAnswer(status, AdminReports.JSON.writeValueAsBytes(json));
    }

    private static Buckets.Page page(ReportRequest request, List<LedgerEntry> entries) {
        String start = request.query().get("start_time");
        if (start == null) {
            throw new IllegalArgumentException("start_time is required");
        }
        Duration width = Buckets.width(request.query().get("bucket_width"), "bucket_width");
        int max = width.equals(Duration.ofDays(1)) ? 31 : width.equals(Duration.ofHours(1)) ? 168 : 1440;
        int limit = AdminReports.integer(request, "limit", width.equals(Duration.ofDays(1)) ? 7 : max, 1, max);
        Instant from = Instant.ofEpochSecond(Long.parseLong(request.query().getOrDefault("page", start)));
        Instant end = request.query().containsKey("end_time")
                ? Instant.ofEpochSecond(Long.parseLong(request.query().get("end_time")))
                : Instant.now();
        return Buckets.page(entries, e -> true, from, end, width, limit, true);
    }

    private static ObjectNode pageJson(Buckets.Page page) {
        ObjectNode json = AdminReports.JSON.createObjectNode();
        json.put("object", "page");
        json.put("has_more", page.next() != null);
        if (page.next() != null) {
            json.put("next_page", Long.toString(page.next().getEpochSecond()));
        } else {
            json.putNull("next_page");
        }
        return json;
    }

    private static ArrayNode bucketJson(ArrayNode data, Buckets.Bucket bucket) {
        ObjectNode b = data.addObject();
        b.put("object", "bucket");
        b.put("start_time", bucket.start().getEpochSecond());
        b.put("end_time", bucket.end().getEpochSecond());
        return b.putArray("results");
    }
}
