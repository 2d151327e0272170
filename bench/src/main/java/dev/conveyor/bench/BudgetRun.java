package dev.conveyor.bench;

import dev.conveyor.schemas.CompletionRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One segment of the {@code budget} scenario: sets one tenant's monthly budget through
 * billing-consumer's API ({@code PUT /v1/tenants/{id}/budget}, policy {@code reject}), produces the
 * whole job set for that tenant as a backlog (all accepted: nothing is billed yet when they are
 * submitted, so the intake's check lets every one through), waits for bench/run to start the
 * workers, reads every job's result, then waits for the ledger to take in the usage of every job
 * that succeeded and reads the tenant's spend from it ({@code GET /v1/usage}).
 */
final class BudgetRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Settings(
            RunContext context,
            String segment,
            int workers,
            String tenant,
            BigDecimal budgetUsd,
            String taskType,
            String billingUrl,
            Duration drainTimeout) {}

    private final Settings settings;
    private final RunContext context;
    private final HttpClient http = HttpClient.newHttpClient();

    BudgetRun(Settings settings) {
        this.settings = settings;
        this.context = settings.context();
    }

    ObjectNode run() {
        ObjectNode json = context.json(settings.segment());
        json.put("tenant", settings.tenant());
        json.put("budget_usd", settings.budgetUsd().toPlainString());
        setBudget();
        try (Driver driver = new Driver(context)) {
            driver.createJobTopics();
            Placements placements = driver.produceBacklog(
                    json,
                    context.jobs(),
                    job -> CompletionRequest.newBuilder(job)
                            .setTenantId(settings.tenant())
                            .setTaskType(settings.taskType())
                            .build());
            Driver.announce("BACKLOG_READY jobs=" + context.jobs());
            Workers workers = driver.awaitWorkers(settings.workers(), "router worker");
            long started = System.nanoTime();
            try (ResultLog results = driver.openResults(context.jobs())) {
                drain(results, workers);
                Json.put(json, "drain_s", (System.nanoTime() - started) / 1e9, 2);
                driver.account(json, results, placements, context.jobs());
                json.put("refused", results.failedByErrorType().getOrDefault("BUDGET_EXCEEDED", 0));
                JsonNode usage = awaitLedger(results.finishedCount() - results.failed());
                BigDecimal spend = new BigDecimal(usage.path("cost_usd").asString("0"));
                json.put("ledger_requests", usage.path("requests").asLong());
                json.put("spend_usd", spend.toPlainString());
                json.put(
                        "overshoot_usd",
                        spend.subtract(settings.budgetUsd())
                                .max(BigDecimal.ZERO)
                                .toPlainString());
            }
            return driver.write(json);
        }
    }

    /** Reads results until every job has one, or until none came for {@code drainTimeout}, while the workers live. */
    private void drain(ResultLog results, Workers workers) {
        long lastProgress = System.nanoTime();
        int seen = 0;
        while (results.finishedCount() < context.jobs()) {
            workers.requireAlive();
            results.poll(Duration.ofMillis(200));
            if (results.finishedCount() > seen) {
                seen = results.finishedCount();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress
                    > settings.drainTimeout().toNanos()) {
                System.err.println(
                        "bench: no new result for " + settings.drainTimeout().toSeconds() + " s; " + seen + " of "
                                + context.jobs() + " jobs finished");
                return;
            }
        }
    }

    /**
     * The tenant's usage once the ledger holds at least {@code billable} calls and has not changed
     * for three seconds (a job retried on another model may have been billed more than once).
     */
    private JsonNode awaitLedger(int billable) {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        JsonNode last = usage();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Workers.Pause.millis(500);
            JsonNode now = usage();
            if (!now.path("requests").equals(last.path("requests"))
                    || !now.path("cost_usd").equals(last.path("cost_usd"))) {
                last = now;
                stableSince = System.nanoTime();
            } else if (now.path("requests").asLong() >= billable
                    && System.nanoTime() - stableSince > Duration.ofSeconds(3).toNanos()) {
                return now;
            }
        }
        System.err.println("bench: the ledger did not settle at " + billable + " calls; last " + last);
        return last;
    }

    private JsonNode usage() {
        return JSON.readTree(
                send(HttpRequest.newBuilder(URI.create(settings.billingUrl() + "/v1/usage?tenant=" + settings.tenant()))
                        .GET()
                        .build()));
    }

    private void setBudget() {
        send(HttpRequest.newBuilder(URI.create(settings.billingUrl() + "/v1/tenants/" + settings.tenant() + "/budget"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"monthly_budget_usd\":\""
                        + settings.budgetUsd().toPlainString() + "\",\"policy\":\"reject\"}"))
                .build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
