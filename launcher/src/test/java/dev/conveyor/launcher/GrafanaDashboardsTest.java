package dev.conveyor.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.sim.FaultSpec;
import dev.conveyor.sim.OutageMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboards in {@code deploy/grafana/dashboards} query metrics the services really
 * export: the whole system runs jobs (a cache hit, a fallback and an open circuit among them), each
 * service's {@code /actuator/prometheus} is scraped, and every metric named in any panel's PromQL
 * must be among the names scraped.
 */
class GrafanaDashboardsTest {

    private static final Path DASHBOARDS = Path.of("..", "deploy", "grafana", "dashboards");
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Model PRIMARY_MODEL =
            Catalog.load().find(SimulatedRoutes.primary("code_analysis")).orElseThrow();

    private static ConveyorStack stack;
    private static String key;

    @BeforeAll
    static void runJobs() throws Exception {
        stack = ObservedStack.get();
        String tenant = "grafana-" + UUID.randomUUID().toString().substring(0, 8);
        key = ObservedStack.newTenantKey(tenant);
        ObservedStack.put(
                stack.apiUrl() + "/v1/admin/tenants/" + tenant + "/budget",
                stack.adminKey(),
                "{\"monthly_budget_usd\": 10}");
        List<String> jobs = new ArrayList<>();
        for (String task : List.of("code_analysis", "test_generation", "documentation", "refactoring")) {
            jobs.add(submit(task, "Review class Ledger for " + task));
        }
        jobs.forEach(GrafanaDashboardsTest::awaitFinished);
        awaitFinished(
                submit("code_analysis", "Review class Ledger for code_analysis")); // the same job again: a cache hit

        // the route's primary down: the job falls back, and the circuit opens (failure threshold 2)
        String wire = PRIMARY_MODEL.wireId();
        stack.simulator()
                .reconfigure(c ->
                        c.withModel(wire, m -> m.withFaults(FaultSpec.none().withDown(OutageMode.REFUSE))));
        try {
            awaitFinished(submit("code_analysis", "Review class Ledger while its first model is down"));
        } finally {
            stack.simulator().reconfigure(c -> c.withModel(wire, m -> m.withFaults(FaultSpec.none())));
        }
    }

    @Test
    void everyPanelQueriesMetricsTheServicesExport() throws Exception {
        Set<String> wanted = new TreeSet<>();
        for (JsonNode dashboard : dashboards()) {
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    wanted.addAll(PromQl.metricNames(target.path("expr").asString()));
                }
            }
        }
        assertThat(wanted).hasSizeGreaterThan(15);

        await().atMost(PATIENCE).untilAsserted(() -> {
            Set<String> exported = exported();
            assertThat(exported).as("metrics scraped from the three services").containsAll(wanted);
        });
    }

    @Test
    void theGenAiConventionsAndConsumerLagAreExported() throws Exception {
        String model = java.util.regex.Pattern.quote(PRIMARY_MODEL.id());
        await().atMost(PATIENCE).untilAsserted(() -> {
            String router = ObservedStack.get(stack.routerUrl() + "/actuator/prometheus", null)
                    .body();
            assertThat(router)
                    .containsPattern(
                            "gen_ai_client_token_usage_sum\\{[^}]*gen_ai_operation_name=\"chat\"[^}]*gen_ai_request_model=\""
                                    + model + "\"[^}]*gen_ai_response_model=\"" + model + "\"[^}]*gen_ai_system=\""
                                    + PRIMARY_MODEL.provider() + "\"[^}]*gen_ai_token_type=\"input\"")
                    .containsPattern(
                            "gen_ai_client_operation_duration_seconds_count\\{[^}]*error_type=\"[A-Z_]+\"[^}]*gen_ai_request_model=\""
                                    + model + "\"")
                    .containsPattern(
                            "conveyor_consumer_lag\\{group=\"conveyor-router\",lane=\"interactive\",topic=\"llm.requests.interactive\"}")
                    .containsPattern(
                            "conveyor_consumer_lag\\{group=\"conveyor-billing\",lane=\"llm.usage\",topic=\"llm.usage\"}");
        });
    }

    private static List<JsonNode> dashboards() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                all.add(ObservedStack.JSON.readTree(Files.readString(file)));
            }
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(2);
        return all;
    }

    /** Every series name in the three services' Prometheus exposition. */
    private static Set<String> exported() throws Exception {
        Set<String> names = new TreeSet<>();
        for (String base : List.of(stack.apiUrl(), stack.routerUrl(), stack.billingUrl())) {
            String body = ObservedStack.get(base + "/actuator/prometheus", null).body();
            body.lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0])
                    .forEach(names::add);
        }
        return names;
    }

    private static String submit(String taskType, String prompt) {
        try {
            var accepted = ObservedStack.post(stack.apiUrl() + "/v1/jobs", key, """
                    {"task_type": "%s", "max_tokens": 100, "messages": [{"role": "user", "content": "%s"}]}
                    """.formatted(taskType, prompt));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            return ObservedStack.JSON.readTree(accepted.body()).path("job_id").asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitFinished(String jobId) {
        await().atMost(PATIENCE)
                .until(
                        () -> ObservedStack.getJson(stack.apiUrl() + "/v1/jobs/" + jobId, key)
                                .path("status")
                                .asString(),
                        s -> s.equals("succeeded"));
    }
}
