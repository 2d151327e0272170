package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ReportTest {

    @Test
    void llmLatencyComparesWithTheCapOverTheMeanLatencyAndBothBaselines() {
        ObjectNode settings = Json.object();
        settings.put("latency_kind", "LOGNORMAL");
        settings.put("latency_ms", 2000);
        settings.put("latency_sigma", 0.6);
        settings.put("in_flight_cap", 2000);
        Map<String, JsonNode> segments = new LinkedHashMap<>();
        segments.put("product", segment(800, 0, "all").put("heap_max_mb", 200.5));
        segments.put("plain", segment(5, 0, "window"));
        segments.put("parallel-consumer", segment(400, 0, "all"));

        JsonNode json = new Report("llm-latency", false, segments, settings).build();

        // mean of a lognormal: 2000 ms * exp(0.6^2 / 2) = 2394.4 ms
        assertThat(json.path("theoretical_jobs_per_s").asDouble()).isCloseTo(835.3, within(0.1));
        assertThat(json.path("efficiency").asDouble()).isCloseTo(0.958, within(0.001));
        assertThat(json.path("ratio_vs_plain").asDouble()).isEqualTo(160.0);
        assertThat(json.path("ratio_vs_pc").asDouble()).isEqualTo(2.0);
        assertThat(json.path("heap_max_mb").asDouble()).isEqualTo(200.5);
        assertThat(json.path("modes").path("plain").asString()).isEqualTo("window");
    }

    @Test
    void costLiftsTheDriversFiguresInTheContractsOrder() {
        ObjectNode product = Json.object();
        product.put("mode", "all");
        product.put("lost", 0);
        product.put("exact", true);
        product.put("deadline_missed", 0);
        product.put("batch_calls", 12);
        product.put("deferred_jobs", 600);
        product.putObject("by_source")
                .put("cache", 3.0)
                .put("prompt_cache", 1.5)
                .put("batch", 2.0);
        product.put("savings", 0.45);
        product.put("naive_cost_usd", 15.0);
        product.put("cost_usd", 8.25);
        Map<String, JsonNode> segments = new LinkedHashMap<>();
        segments.put("product", product);

        JsonNode json = new Report("cost", true, segments, Json.object()).build();

        assertThat(json.propertyNames())
                .containsSubsequence(
                        "cost_usd",
                        "naive_cost_usd",
                        "savings",
                        "by_source",
                        "deferred_jobs",
                        "batch_calls",
                        "deadline_missed",
                        "exact",
                        "lost",
                        "modes",
                        "settings");
        assertThat(json.path("by_source").path("batch").asDouble()).isEqualTo(2.0);
        assertThat(json.path("modes").path("product").asString()).isEqualTo("all");
    }

    @Test
    void settingsAreNumbersOnlyWhenPlainDecimalsAndTheCommitIsAlwaysText() {
        ObjectNode settings = Json.object();
        Report.putTyped(settings, "commit", "3847000");
        Report.putTyped(settings, "git", "3847e00");
        Report.putTyped(settings, "jobs", "12000");
        Report.putTyped(settings, "latency_sigma", "0.5");
        Report.putTyped(settings, "quick", "true");

        assertThat(settings.path("commit").isString()).isTrue();
        assertThat(settings.path("git").asString()).isEqualTo("3847e00");
        assertThat(settings.path("jobs").isIntegralNumber()).isTrue();
        assertThat(settings.path("latency_sigma").doubleValue()).isEqualTo(0.5);
        assertThat(settings.path("quick").booleanValue()).isTrue();
    }

    @Test
    void lostSumsEverySegment() {
        ObjectNode settings = Json.object();
        settings.put("latency_kind", "FIXED");
        settings.put("latency_ms", 0);
        Map<String, JsonNode> segments = new LinkedHashMap<>();
        segments.put("product", segment(5000, 2, "all"));
        segments.put("plain", segment(2500, 1, "window"));

        JsonNode json = new Report("throughput", true, segments, settings).build();

        assertThat(json.path("lost").asInt()).isEqualTo(3);
        assertThat(json.path("ratio_vs_plain").asDouble()).isEqualTo(2.0);
        assertThat(json.path("quick").asBoolean()).isTrue();
    }

    @Test
    void modesAreReportedForTheScenariosThatDrainABacklogOnly() {
        Map<String, JsonNode> failover = new LinkedHashMap<>();
        failover.put("product", Json.object().put("fallback_p99_ms", 30.0).put("lost", 0));

        JsonNode fixedRate = new Report("failover", true, failover, Json.object()).build();

        assertThat(fixedRate.has("modes")).isFalse();
        assertThat(fixedRate.path("fallback_p99_ms").asDouble()).isEqualTo(30.0);

        ObjectNode settings = Json.object().put("latency_kind", "FIXED").put("latency_ms", 0);
        Map<String, JsonNode> throughput = new LinkedHashMap<>();
        throughput.put("product", segment(5000, 0, "all"));
        throughput.put("plain", Json.object().put("jobs_per_s", 2500.0).put("lost", 0));

        JsonNode backlog = new Report("throughput", true, throughput, settings).build();

        assertThat(backlog.path("modes").path("product").asString()).isEqualTo("all");
        assertThat(backlog.path("modes").path("plain").asString()).isEqualTo("missing");
    }

    @Test
    void theOverheadIsTheRoutersOwnAndTheEndToEndOneLeavesOutTheSimulatedLatency() {
        ObjectNode product = segment(5000, 0, "all");
        product.putObject("probe")
                .put("e2e_p50_ms", 22.5)
                .put("e2e_p99_ms", 31.25)
                .put("router_overhead_p99_ms", 4.19);

        JsonNode json = throughputOfProductAlone(product, 20);

        assertThat(json.path("overhead_p99_ms").asDouble()).isEqualTo(4.19);
        assertThat(json.path("e2e_overhead_p99_ms").asDouble()).isEqualTo(11.25);
        assertThat(json.path("plain_jobs_per_s").isNull()).isTrue();
        assertThat(json.path("floor_broker_ack_p99_ms").isNull()).isTrue();
    }

    @Test
    void theFloorUnderTheOverheadComesFromTheProductsProbe() {
        ObjectNode product = segment(5000, 0, "all");
        ObjectNode probe = product.putObject("probe").put("router_overhead_p99_ms", 9.5);
        probe.putObject("floor").put("broker_ack_p99_ms", 7.25).put("db_round_trip_p99_ms", 1.5);

        JsonNode json = throughputOfProductAlone(product, 0);

        assertThat(json.path("floor_broker_ack_p99_ms").asDouble()).isEqualTo(7.25);
        assertThat(json.path("floor_db_round_trip_p99_ms").asDouble()).isEqualTo(1.5);
    }

    @Test
    void billingIngestComparesDistinctEventRatesAndCarriesTheProductsChecks() {
        ObjectNode product = Json.object()
                .put("events_per_s", 25_000.0)
                .put("exact", true)
                .put("double_counted", 0)
                .put("lost", 0)
                .put("mode", "all");
        ObjectNode rowwise = Json.object().put("events_per_s", 1_250.0).put("mode", "window");
        Map<String, JsonNode> segments = new LinkedHashMap<>();
        segments.put("product", product);
        segments.put("rowwise", rowwise);

        JsonNode json = new Report("billing-ingest", false, segments, Json.object()).build();

        assertThat(json.path("events_per_s").asDouble()).isEqualTo(25_000.0);
        assertThat(json.path("rowwise_events_per_s").asDouble()).isEqualTo(1_250.0);
        assertThat(json.path("ratio_vs_rowwise").asDouble()).isEqualTo(20.0);
        assertThat(json.path("exact").asBoolean()).isTrue();
        assertThat(json.path("double_counted").asInt()).isZero();
        assertThat(json.path("lost").asInt()).isZero();
        assertThat(json.path("modes").path("rowwise").asString()).isEqualTo("window");
    }

    @Test
    void billingIngestWithoutTheBaselineHasNoRatio() {
        Map<String, JsonNode> segments = new LinkedHashMap<>();
        segments.put("product", Json.object().put("events_per_s", 25_000.0).put("exact", false));

        JsonNode json = new Report("billing-ingest", true, segments, Json.object()).build();

        assertThat(json.path("ratio_vs_rowwise").isNull()).isTrue();
        assertThat(json.path("exact").asBoolean()).isFalse();
        assertThat(json.path("double_counted").isNull()).isTrue();
    }

    /** A full throughput report of a run of the product segment alone, at a fixed simulated latency. */
    private static JsonNode throughputOfProductAlone(ObjectNode product, int latencyMillis) {
        ObjectNode settings = Json.object();
        settings.put("latency_kind", "FIXED");
        settings.put("latency_ms", latencyMillis);
        Map<String, JsonNode> segments = new LinkedHashMap<>();
        segments.put("product", product);
        return new Report("throughput", false, segments, settings).build();
    }

    private static ObjectNode segment(double rate, int lost, String mode) {
        ObjectNode segment = Json.object();
        segment.put("jobs_per_s", rate);
        segment.put("lost", lost);
        segment.put("mode", mode);
        return segment;
    }
}
