package dev.conveyor.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a scenario's segment files into its result: the scenario's fields (shared/BENCH.md), the
 * settings used, {@code lost} summed over every segment, and each segment's own measurements.
 */
final class Report {

    private static final Set<String> DRAINS_A_BACKLOG =
            Set.of("throughput", "llm-latency", "billing-ingest", "fairness", "cost");

    private final String scenario;
    private final boolean quick;
    private final Map<String, JsonNode> segments;
    private final ObjectNode settings;

    Report(String scenario, boolean quick, Map<String, JsonNode> segments, ObjectNode settings) {
        this.scenario = scenario;
        this.quick = quick;
        this.segments = segments;
        this.settings = settings;
    }

    static Report from(Args args) {
        Map<String, JsonNode> segments = new LinkedHashMap<>();
        for (String spec : args.all("segment")) {
            int eq = spec.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--segment needs NAME=FILE, was " + spec);
            }
            segments.put(spec.substring(0, eq), Json.read(Path.of(spec.substring(eq + 1))));
        }
        ObjectNode settings = Json.object();
        for (String spec : args.all("setting")) {
            int eq = spec.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--setting needs KEY=VALUE, was " + spec);
            }
            putTyped(settings, spec.substring(0, eq), spec.substring(eq + 1));
        }
        return new Report(
                args.string("scenario"), Boolean.parseBoolean(args.string("quick", "false")), segments, settings);
    }

    ObjectNode build() {
        ObjectNode json = Json.object();
        json.put("scenario", scenario);
        json.put("quick", quick);
        switch (scenario) {
            case "throughput" -> throughput(json);
            case "llm-latency" -> llmLatency(json);
            case "billing-ingest" -> billingIngest(json);
            case "failover" -> failover(json);
            case "rate-limit" -> rateLimit(json);
            case "budget" -> budget(json);
            case "chaos" -> lift(json, CHAOS_FIELDS);
            case "fairness" -> fairness(json);
            case "cost" -> lift(json, COST_FIELDS);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        int lost = 0;
        for (JsonNode segment : segments.values()) {
            lost += segment.path("lost").asInt(0);
        }
        json.put("lost", lost);
        // Segments that drain a backlog finish it or run out of budget; failover and rate-limit send at a fixed rate.
        if (DRAINS_A_BACKLOG.contains(scenario)) {
            ObjectNode modes = json.putObject("modes");
            segments.forEach(
                    (name, segment) -> modes.put(name, segment.path("mode").asString("missing")));
        }
        json.set("settings", settings);
        ObjectNode all = json.putObject("segments");
        segments.forEach(all::set);
        return json;
    }

    private void throughput(ObjectNode json) {
        JsonNode product = segment("product");
        double rate = number(product, "jobs_per_s");
        double plain = number(segment("plain"), "jobs_per_s");
        Json.put(json, "jobs_per_s", rate, 1);
        Json.put(json, "plain_jobs_per_s", plain, 1);
        Json.put(json, "ratio_vs_plain", rate / plain, 3);
        double p50 = number(product.path("probe"), "e2e_p50_ms");
        double p99 = number(product.path("probe"), "e2e_p99_ms");
        Json.put(json, "e2e_p50_ms", p50, 2);
        Json.put(json, "e2e_p99_ms", p99, 2);
        // What the router adds to a job, by its own histogram: provider calls are left out, and so
        // are the two Kafka hops (driver to worker, worker to driver) the end-to-end time includes.
        Json.put(json, "overhead_p99_ms", number(product.path("probe"), "router_overhead_p99_ms"), 2);
        // The floor under that overhead on this machine, measured with the worker idle just before the probe:
        // a job waits on the broker's acknowledgement of its outcome and on database round trips.
        JsonNode floor = product.path("probe").path("floor");
        Json.put(json, "floor_broker_ack_p99_ms", number(floor, "broker_ack_p99_ms"), 2);
        Json.put(json, "floor_db_round_trip_p99_ms", number(floor, "db_round_trip_p99_ms"), 2);
        Json.put(json, "e2e_overhead_p99_ms", p99 - fixedLatencyMillis(), 2);
        Json.put(json, "worker_rss_mb", number(product, "worker_rss_mb"), 1);
    }

    private void llmLatency(ObjectNode json) {
        JsonNode product = segment("product");
        double rate = number(product, "jobs_per_s");
        double theoretical = settings.path("in_flight_cap").asDouble() / (meanLatencyMillis() / 1000.0);
        double plain = number(segment("plain"), "jobs_per_s");
        double pc = number(segment("parallel-consumer"), "jobs_per_s");
        Json.put(json, "jobs_per_s", rate, 1);
        Json.put(json, "theoretical_jobs_per_s", theoretical, 1);
        Json.put(json, "efficiency", rate / theoretical, 3);
        Json.put(json, "plain_jobs_per_s", plain, 1);
        Json.put(json, "pc_jobs_per_s", pc, 1);
        Json.put(json, "ratio_vs_plain", rate / plain, 3);
        Json.put(json, "ratio_vs_pc", rate / pc, 3);
        Json.put(json, "heap_max_mb", number(product, "heap_max_mb"), 1);
    }

    /**
     * Distinct events per second into the product's ledger and into the row-at-a-time baseline's;
     * {@code exact} and {@code double_counted} are the product's (null when it was not run).
     */
    private void billingIngest(ObjectNode json) {
        JsonNode product = segment("product");
        double rate = number(product, "events_per_s");
        double rowwise = number(segment("rowwise"), "events_per_s");
        Json.put(json, "events_per_s", rate, 1);
        Json.put(json, "rowwise_events_per_s", rowwise, 1);
        Json.put(json, "ratio_vs_rowwise", rate / rowwise, 3);
        copyOrNull(product, "exact", json);
        copyOrNull(product, "double_counted", json);
    }

    /** The fields the rate-limit driver measured at the simulator (RateLimitMeasure), lifted to the top. */
    private void rateLimit(ObjectNode json) {
        JsonNode product = segment("product");
        for (String field :
                List.of("permitted_per_s", "achieved_per_s", "utilization", "calls", "http_429", "rate_429")) {
            json.set(field, product.path(field).isMissingNode() ? json.nullNode() : product.get(field));
        }
    }

    /**
     * The reservation segment's spend against its budget, and the intake-only segment's overshoot
     * beside it (bench/README.md, "budget"); null when a segment was not run.
     */
    private void budget(ObjectNode json) {
        JsonNode reserve = segment("reserve");
        JsonNode intake = segment("intake-only");
        json.set("budget_usd", decimal(reserve, "budget_usd"));
        json.set("spend_usd", decimal(reserve, "spend_usd"));
        json.set("overshoot_usd", decimal(reserve, "overshoot_usd"));
        if (reserve.has("spend_usd")) {
            java.math.BigDecimal spend =
                    new java.math.BigDecimal(reserve.get("spend_usd").asString());
            java.math.BigDecimal budget =
                    new java.math.BigDecimal(reserve.get("budget_usd").asString());
            json.put("used_share", spend.divide(budget, 4, java.math.RoundingMode.HALF_EVEN));
        } else {
            json.putNull("used_share");
        }
        copyOrNull(reserve, "refused", json);
        json.set("intake_only_overshoot_usd", decimal(intake, "overshoot_usd"));
        json.set("intake_only_spend_usd", decimal(intake, "spend_usd"));
    }

    /** A decimal string field as an exact JSON number, or null. */
    private static JsonNode decimal(JsonNode segment, String field) {
        return segment.hasNonNull(field)
                ? Json.object()
                        .numberNode(new java.math.BigDecimal(segment.get(field).asString()))
                : Json.object().nullNode();
    }

    /** The chaos driver's checks (Chaos, ChaosChecks), lifted to the top; null when missing. */
    private static final List<String> CHAOS_FIELDS = List.of(
            "lost",
            "conflicting_results",
            "double_billed",
            "poison_in",
            "poison_to_dlt",
            "stuck_partitions",
            "batch_counts_correct",
            "kills");

    /** The cost driver's figures (CostRun), lifted to the top in the contract's order; null when missing. */
    private static final List<String> COST_FIELDS = List.of(
            "cost_usd",
            "naive_cost_usd",
            "savings",
            "by_source",
            "deferred_jobs",
            "batch_calls",
            "deadline_missed",
            "exact");

    private void lift(ObjectNode json, List<String> fields) {
        JsonNode product = segment("product");
        fields.forEach(field -> copyOrNull(product, field, json));
    }

    /** The product's failover measurements (bench/README.md, "failover"); null when it was not run. */
    private void failover(ObjectNode json) {
        JsonNode product = segment("product");
        for (String field : List.of(
                "fallback_p50_ms",
                "fallback_p99_ms",
                "primary_calls_while_open",
                "primary_share_after_recovery",
                "fallback_jobs",
                "primary_probes",
                "results_failed")) {
            copyOrNull(product, field, json);
        }
    }

    /**
     * Scheduling on ({@code scheduled}) against first come, first served ({@code fcfs}), same run
     * (bench/README.md, "fairness"); {@code lost} and {@code paid_after_deadline} over both.
     */
    private void fairness(ObjectNode json) {
        JsonNode on = segment("scheduled");
        JsonNode off = segment("fcfs");
        for (String field : List.of("b_p50_s", "b_p99_s", "c_share", "jobs_per_s")) {
            copyOrNull(on, field, json);
        }
        for (String field : List.of("b_p50_s", "b_p99_s", "c_share", "jobs_per_s")) {
            JsonNode value = off.path(field);
            if (value.isMissingNode() || value.isNull()) {
                json.putNull("fcfs_" + field);
            } else {
                json.set("fcfs_" + field, value);
            }
        }
        double ratio = number(on, "jobs_per_s") / number(off, "jobs_per_s");
        if (Double.isFinite(ratio)) {
            Json.put(json, "jobs_per_s_vs_fcfs", ratio, 3);
        } else {
            json.putNull("jobs_per_s_vs_fcfs");
        }
        json.put(
                "paid_after_deadline",
                on.path("paid_after_deadline").asInt(0)
                        + off.path("paid_after_deadline").asInt(0));
        json.put(
                "deadline_exceeded_without_call",
                on.path("deadline_exceeded_without_call").asInt(0)
                        + off.path("deadline_exceeded_without_call").asInt(0));
    }

    /** The simulated latency every call waits, for the fixed model; the overhead is what the product adds to it. */
    private double fixedLatencyMillis() {
        String kind = settings.path("latency_kind").asString("FIXED");
        if (!kind.equalsIgnoreCase("FIXED")) {
            throw new IllegalArgumentException("overhead is defined for a fixed simulated latency, not " + kind);
        }
        return settings.path("latency_ms").asDouble(0);
    }

    /** Mean of the simulated latency: for a lognormal with median m and shape s, m·exp(s²/2). */
    double meanLatencyMillis() {
        String kind = settings.path("latency_kind").asString("FIXED").toUpperCase();
        double millis = settings.path("latency_ms").asDouble(0);
        return switch (kind) {
            case "FIXED" -> millis;
            case "LOGNORMAL" -> {
                double sigma = settings.path("latency_sigma").asDouble(0);
                yield millis * Math.exp(sigma * sigma / 2);
            }
            default -> throw new IllegalArgumentException("unknown latency kind " + kind);
        };
    }

    /** The segment's measurements; a segment that was not run (bench/run --segments) reads as empty: its fields are null. */
    private JsonNode segment(String name) {
        return segments.getOrDefault(name, Json.object());
    }

    private static void copyOrNull(JsonNode from, String field, ObjectNode to) {
        JsonNode value = from.path(field);
        if (value.isMissingNode() || value.isNull()) {
            to.putNull(field);
        } else {
            to.set(field, value);
        }
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }

    /**
     * A setting as JSON: true/false and plain decimals ({@code 12}, {@code 0.5}) as such, anything else
     * as text; {@code commit} always as text (a git id may be all digits, or digits and an {@code e}).
     */
    static void putTyped(ObjectNode node, String key, String value) {
        if (value.equals("true") || value.equals("false")) {
            node.put(key, Boolean.parseBoolean(value));
        } else if (key.equals("commit") || !value.matches("-?\\d{1,18}(\\.\\d+)?")) {
            node.put(key, value);
        } else if (value.contains(".")) {
            node.put(key, Double.parseDouble(value));
        } else {
            node.put(key, Long.parseLong(value));
        }
    }
}
