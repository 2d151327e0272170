package dev.conveyor.launcher;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.sim.OutageMode;
import dev.conveyor.sim.ProviderSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates the sample tenants and their API keys through the admin API, then runs the sample jobs as
 * OpenAI-style JSONL batches in three rounds: the first tenant's jobs; the second tenant's while one
 * provider's model is down (with the simulator), so the jobs routed to it fall back; and a few of the
 * first tenant's jobs again, which the response cache answers. Prints each job's route (provider,
 * model, attempts, fallback, cache hit, cost), each tenant's tokens and cost as the billing ledger has
 * them, and what routing saved against sending every job to its route's most expensive model.
 */
final class Demo {

    private static final Duration RESULT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(250);
    /** Jobs of the first tenant sent again in the last round: answered from the response cache. */
    private static final int REPEATS = 4;

    private final String apiUrl;
    private final String adminKey;
    private final ProviderSimulator simulator;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Catalog catalog = Catalog.load();

    /** {@code simulator}: the one standing in for the providers, or null when real providers answer. */
    Demo(String apiUrl, String adminKey, ProviderSimulator simulator, PrintStream out) {
        this.apiUrl = apiUrl;
        this.adminKey = adminKey;
        this.simulator = simulator;
        this.out = out;
    }

    /**
     * @param models jobs per {@code provider/model} that answered them
     * @param fallbacks jobs that gave up on a model and were answered by another
     * @param allPremiumCostUsd the same jobs' tokens at their routes' most expensive model; null when
     *     real providers answer (the routes are the catalog's chains over whatever is enabled)
     */
    record Summary(
            int jobs,
            int succeeded,
            int failed,
            List<JsonNode> tenants,
            Map<String, Integer> models,
            int fallbacks,
            int cacheHits,
            BigDecimal costUsd,
            BigDecimal allPremiumCostUsd) {

        long providers() {
            return models.keySet().stream().map(m -> m.split("/")[0]).distinct().count();
        }
    }

    /** Creates each sample tenant (if new) and a fresh API key for it; returns tenant to key. */
    Map<String, String> createTenants() throws IOException, InterruptedException {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String tenant : SampleJobs.TENANTS) {
            ObjectNode body = json.createObjectNode().put("id", tenant).put("name", tenant + " (demo)");
            HttpResponse<String> created = send(post("/v1/admin/tenants", adminKey, "application/json", body));
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                throw new IllegalStateException("creating tenant " + tenant + " answered " + created.statusCode());
            }
            HttpResponse<String> key = send(post(
                    "/v1/admin/tenants/" + tenant + "/keys",
                    adminKey,
                    "application/json",
                    json.createObjectNode().put("name", "demo")));
            if (key.statusCode() != 201) {
                throw new IllegalStateException("issuing a key for " + tenant + " answered " + key.statusCode());
            }
            keys.put(tenant, json.readTree(key.body()).path("key").asString());
        }
        return keys;
    }

    /** A job as submitted (its sample and custom id) and as finished ({@code GET /v1/jobs}). */
    private record Ran(SampleJobs.Sample sample, String customId, JsonNode view) {}

    Summary run(Map<String, String> keys) throws IOException, InterruptedException {
        List<SampleJobs.Sample> samples = SampleJobs.all();
        String first = SampleJobs.TENANTS.getFirst();
        String second = SampleJobs.TENANTS.get(1);
        List<Ran> ran = new ArrayList<>();

        out.printf("Round 1: %s's jobs%n", first);
        ran.addAll(round(keys.get(first), of(samples, first), ""));

        String down = simulator == null ? null : SimulatedRoutes.primary("code_analysis");
        if (down != null) {
            out.printf("Round 2: %s's jobs while %s is down (a simulated outage)%n", second, down);
            setDown(down, OutageMode.UNAVAILABLE);
        } else {
            out.printf("Round 2: %s's jobs%n", second);
        }
        try {
            ran.addAll(round(keys.get(second), of(samples, second), ""));
        } finally {
            if (down != null) {
                setDown(down, null);
            }
        }

        List<SampleJobs.Sample> again = of(samples, first).stream()
                .filter(s -> !s.taskType().equals("code_analysis")) // its model may still be cooling down
                .limit(REPEATS)
                .toList();
        out.printf("Round 3: %d of %s's jobs again%n%n", again.size(), first);
        ran.addAll(round(keys.get(first), again, "again/"));

        return report(keys, ran);
    }

    private Summary report(Map<String, String> keys, List<Ran> ran) throws IOException, InterruptedException {
        out.printf(
                "%-10s %-16s %-21s %-31s %3s %-8s %-5s %12s  %s%n",
                "tenant", "task", "file", "answered by", "try", "fallback", "cache", "cost_usd", "output");
        Map<String, JsonNode> firstRun = new HashMap<>();
        ran.forEach(r -> firstRun.putIfAbsent(r.sample().tenant() + "|" + r.customId(), r.view()));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int succeeded = 0;
        int fallbacks = 0;
        int cacheHits = 0;
        Map<String, Integer> models = new TreeMap<>();
        Map<String, BigDecimal> jobCost = new LinkedHashMap<>();
        BigDecimal premium = BigDecimal.ZERO;
        for (Ran r : ran) {
            JsonNode view = r.view();
            boolean ok = "succeeded".equals(view.path("status").asString());
            boolean hit = view.path("cache_hit").asBoolean();
            boolean fellBack = view.path("fallbacks").asInt() > 0;
            String model = view.path("provider").asString("-") + "/"
                    + view.path("model").asString("-");
            BigDecimal cost = new BigDecimal(view.path("cost_usd").asString("0"));
            jobCost.merge(r.sample().tenant(), cost, BigDecimal::add);
            if (ok) {
                succeeded++;
                models.merge(model, 1, Integer::sum);
                fallbacks += fellBack ? 1 : 0;
                cacheHits += hit ? 1 : 0;
                if (simulator != null) {
                    // a cache hit made no call: what the job it repeats used
                    JsonNode original = hit
                            ? firstRun.get(
                                    r.sample().tenant() + "|" + r.customId().substring("again/".length()))
                            : view;
                    premium = premium.add(SimulatedRoutes.premiumCost(
                            catalog, r.sample().taskType(), tokens(original.path("usage")), today));
                }
            }
            out.printf(
                    "%-10s %-16s %-21s %-31s %3d %-8s %-5s %12s  %s%n",
                    r.sample().tenant(),
                    r.sample().taskType(),
                    r.sample().file(),
                    ok ? model : "FAILED " + view.path("error").path("type").asString(),
                    view.path("attempts").asInt(),
                    fellBack ? "yes" : "-",
                    hit ? "hit" : "-",
                    cost.toPlainString(),
                    ok
                            ? firstLine(view.path("content").asString(""))
                            : view.path("error").path("message").asString());
        }

        List<JsonNode> tenants = new ArrayList<>();
        BigDecimal billed = BigDecimal.ZERO;
        out.printf("%nBilling (from the PostgreSQL ledger):%n");
        for (String tenant : SampleJobs.TENANTS) {
            JsonNode usage = awaitUsage(keys.get(tenant), jobCost.getOrDefault(tenant, BigDecimal.ZERO));
            BigDecimal cost = new BigDecimal(usage.path("cost_usd").asString());
            billed = billed.add(cost);
            out.printf(
                    "  %-10s requests=%d input_tokens=%d output_tokens=%d cost_usd=%s%n",
                    tenant,
                    usage.path("requests").asLong(),
                    usage.path("input_tokens").asLong(),
                    usage.path("output_tokens").asLong(),
                    cost.toPlainString());
            ObjectNode row = json.createObjectNode();
            row.put("tenant", tenant);
            row.put("input_tokens", usage.path("input_tokens").asLong());
            row.put("output_tokens", usage.path("output_tokens").asLong());
            row.put("cost_usd", cost.toPlainString());
            tenants.add(row);
        }
        Summary summary = new Summary(
                ran.size(),
                succeeded,
                ran.size() - succeeded,
                tenants,
                models,
                fallbacks,
                cacheHits,
                billed,
                simulator == null ? null : premium);
        out.printf(
                "%nRouting: %d providers, %d models; %d jobs fell back, %d answered from the cache.%n",
                summary.providers(), models.size(), fallbacks, cacheHits);
        if (summary.allPremiumCostUsd() != null) {
            out.printf(
                    "Cost: %s USD, against %s USD had every job gone to its route's most expensive model"
                            + " (SimulatedRoutes): routing and the cache saved %s%%.%n",
                    billed.toPlainString(),
                    premium.toPlainString(),
                    premium.signum() == 0
                            ? "0"
                            : BigDecimal.ONE
                                    .subtract(billed.divide(premium, 4, java.math.RoundingMode.HALF_EVEN))
                                    .movePointRight(2)
                                    .stripTrailingZeros()
                                    .toPlainString());
        }
        return summary;
    }

    String summaryJson(Summary summary) {
        ObjectNode root = json.createObjectNode();
        root.put("jobs", summary.jobs());
        root.put("succeeded", summary.succeeded());
        root.put("failed", summary.failed());
        ArrayNode tenants = root.putArray("tenants");
        summary.tenants().forEach(tenants::add);
        root.put("providers", summary.providers());
        ObjectNode models = root.putObject("models");
        summary.models().forEach(models::put);
        root.put("fallbacks", summary.fallbacks());
        root.put("cache_hits", summary.cacheHits());
        root.put("cost_usd", summary.costUsd().toPlainString());
        if (summary.allPremiumCostUsd() == null) {
            root.putNull("all_premium_cost_usd");
        } else {
            root.put("all_premium_cost_usd", summary.allPremiumCostUsd().toPlainString());
        }
        return json.writeValueAsString(root);
    }

    /** Submits one tenant's jobs as a batch, waits for it, and returns each job as finished. */
    private List<Ran> round(String key, List<SampleJobs.Sample> samples, String prefix)
            throws IOException, InterruptedException {
        String batchId = submitBatch(key, samples, prefix);
        awaitCompleted(key, batchId);
        Map<String, JsonNode> views = jobs(key, batchId);
        List<Ran> ran = new ArrayList<>();
        for (SampleJobs.Sample sample : samples) {
            String customId = prefix + customId(sample);
            JsonNode view = views.get(customId);
            if (view == null) {
                throw new IllegalStateException("batch " + batchId + " has no job " + customId);
            }
            ran.add(new Ran(sample, customId, view));
        }
        return ran;
    }

    private static List<SampleJobs.Sample> of(List<SampleJobs.Sample> samples, String tenant) {
        return samples.stream().filter(s -> s.tenant().equals(tenant)).toList();
    }

    private void setDown(String model, OutageMode mode) {
        String id = model.substring(model.indexOf('/') + 1);
        String wire = catalog.find(model).orElseThrow().wireId();
        simulator.reconfigure(
                c -> c.withModel(wire, m -> m.withFaults(m.faults().withDown(mode))));
        if (mode == null) {
            out.printf("%s is up again%n", id);
        }
    }

    private static Tokens tokens(JsonNode usage) {
        return Tokens.of(
                usage.path("input_tokens").asLong(),
                usage.path("cached_input_tokens").asLong(),
                usage.path("output_tokens").asLong());
    }

    /** One OpenAI Batch input line per sample; returns the batch id. */
    private String submitBatch(String key, List<SampleJobs.Sample> samples, String prefix)
            throws IOException, InterruptedException {
        StringBuilder jsonl = new StringBuilder();
        for (SampleJobs.Sample sample : samples) {
            ObjectNode line = json.createObjectNode();
            line.put("custom_id", prefix + customId(sample));
            line.put("method", "POST");
            line.put("url", "/v1/chat/completions");
            ObjectNode body = line.putObject("body");
            body.putArray("messages").addObject().put("role", "user").put("content", sample.prompt());
            body.put("max_tokens", 400);
            body.putObject("metadata").put("task_type", sample.taskType()).put("file", sample.file());
            jsonl.append(json.writeValueAsString(line)).append('\n');
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(apiUrl + "/v1/batches"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/jsonl")
                .POST(HttpRequest.BodyPublishers.ofString(jsonl.toString()))
                .build());
        if (response.statusCode() != 202) {
            throw new IllegalStateException(
                    "POST /v1/batches answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body()).path("id").asString();
    }

    private void awaitCompleted(String key, String batchId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (true) {
            JsonNode batch = get("/v1/batches/" + batchId, key);
            if (batch != null && "completed".equals(batch.path("status").asString())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "batch " + batchId + " is not complete after " + RESULT_TIMEOUT + ": " + batch);
            }
            Thread.sleep(POLL);
        }
    }

    /** The batch's jobs ({@code GET /v1/jobs?batch_id=}) by custom_id. */
    private Map<String, JsonNode> jobs(String key, String batchId) throws IOException, InterruptedException {
        JsonNode page = get("/v1/jobs?limit=100&batch_id=" + batchId, key);
        if (page == null) {
            throw new IllegalStateException("GET /v1/jobs?batch_id=" + batchId + " did not answer 200");
        }
        Map<String, JsonNode> byCustomId = new LinkedHashMap<>();
        page.path("data").forEach(job -> byCustomId.put(job.path("custom_id").asString(), job));
        return byCustomId;
    }

    /** The tenant's usage once the ledger holds every cost its jobs reported (exactly). */
    private JsonNode awaitUsage(String key, BigDecimal expectedCost) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (true) {
            JsonNode usage = get("/v1/usage", key);
            if (usage != null && new BigDecimal(usage.path("cost_usd").asString("0")).compareTo(expectedCost) == 0) {
                return usage;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("billing has not recorded " + expectedCost.toPlainString()
                        + " USD of calls after " + RESULT_TIMEOUT + "; last answer: " + usage);
            }
            Thread.sleep(POLL);
        }
    }

    private static String customId(SampleJobs.Sample sample) {
        return sample.taskType() + "/" + sample.file();
    }

    private HttpRequest post(String path, String key, String contentType, JsonNode body) {
        return HttpRequest.newBuilder(URI.create(apiUrl + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
    }

    private JsonNode get(String path, String key) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(apiUrl + path))
                .header("Authorization", "Bearer " + key)
                .build());
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 90 ? line.substring(0, 87) + "..." : line;
    }
}
