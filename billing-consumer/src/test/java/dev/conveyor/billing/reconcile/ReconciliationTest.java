package dev.conveyor.billing.reconcile;

import static dev.conveyor.billing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.billing.BillingIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class ReconciliationTest extends BillingIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    Reconciler reconciler;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void aDiscrepancyInjectedInTheSimulatorIsReportedForItsDayModelAndKind() throws Exception {
        String tenant = tenant("reconcile");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            JsonNode usage = openAiCall("gpt-4.1-mini", "Review OrderService.submit, call " + i);
            long in = usage.path("prompt_tokens").asLong();
            long cached =
                    usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
            publish(List.of(event(
                    tenant,
                    "recon-openai",
                    "gpt-4.1-mini",
                    "code",
                    in,
                    usage.path("completion_tokens").asLong(),
                    cached,
                    "0",
                    Instant.now())));
        }
        JsonNode usage = anthropicCall("claude-haiku-4-5", "Document CartRepository.findByCustomer");
        long read = usage.path("cache_read_input_tokens").asLong(0);
        long in = usage.path("input_tokens").asLong()
                + read
                + usage.path("cache_creation_input_tokens").asLong(0);
        publish(List.of(event(
                tenant,
                "recon-anthropic",
                "claude-haiku-4-5",
                "documentation",
                in,
                usage.path("output_tokens").asLong(),
                read,
                "0",
                Instant.now())));
        awaitConsumerCaughtUp();

        assertThat(reconciler.reconcile(today))
                .as("the ledger equals the providers' own reports")
                .isEmpty();

        adjustSimulatorLedger("""
                {"protocol": "OPENAI", "model": "gpt-4.1-mini", "inputTokens": 1000, "outputTokens": 0}""");
        List<Comparison> found = reconciler.reconcile(today);

        assertThat(found).singleElement().satisfies(c -> {
            assertThat(c.day()).isEqualTo(today);
            assertThat(c.provider()).isEqualTo("recon-openai");
            assertThat(c.model()).isEqualTo("gpt-4.1-mini");
            assertThat(c.kind()).isEqualTo("input_tokens");
            assertThat(c.difference()).isEqualByComparingTo("1000");
        });
        JsonNode report = getJson("/v1/reconciliation?month=" + YearMonth.from(today));
        assertThat(report.path("discrepancies").asLong()).isEqualTo(1);
        assertThat(report.path("comparisons").size()).isGreaterThanOrEqualTo(6);
        assertThat(meters.get("conveyor.reconciliation.discrepancies")
                        .tag("provider", "recon-openai")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(jdbc.sql("SELECT count(*) FROM billing.alerts WHERE tenant_id = 'provider:recon-openai'"
                                + " AND metric = 'RECONCILIATION_USD' AND usage_month = ?")
                        .param(YearMonth.from(today).toString())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aReportWithoutAnAdminKeyIsRefusedByTheSimulator() throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(SIM.baseUrl() + "/v1/organization/usage/completions?start_time=0"))
                        .header("Authorization", "Bearer sk-not-an-admin-key")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
    }

    private static JsonNode openAiCall(String model, String prompt) throws IOException, InterruptedException {
        return post("/v1/chat/completions", "Authorization", "Bearer sk-test", """
                        {"model": "%s", "max_tokens": 64, "messages": [{"role": "user", "content": "%s"}]}""".formatted(model, prompt))
                .path("usage");
    }

    private static JsonNode anthropicCall(String model, String prompt) throws IOException, InterruptedException {
        return post("/v1/messages", "x-api-key", "sk-ant-test", """
                        {"model": "%s", "max_tokens": 64, "messages": [{"role": "user", "content": "%s"}]}""".formatted(model, prompt))
                .path("usage");
    }

    private static void adjustSimulatorLedger(String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(SIM.baseUrl() + "/sim/ledger/adjustments"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    private static JsonNode post(String path, String authHeader, String key, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(SIM.baseUrl() + path))
                        .header("Content-Type", "application/json")
                        .header(authHeader, key)
                        .header("anthropic-version", "2023-06-01")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
