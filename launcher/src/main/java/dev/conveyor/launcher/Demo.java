package dev.conveyor.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates the sample tenants and their API keys through the admin API, submits each tenant's
 * sample jobs as one OpenAI-style JSONL batch, waits for the batches to complete, then prints
 * each job's first line of output and each tenant's tokens and cost as the billing ledger has them.
 */
final class Demo {

    private static final Duration RESULT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(250);

    private final String apiUrl;
    private final String adminKey;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    Demo(String apiUrl, String adminKey, PrintStream out) {
        this.apiUrl = apiUrl;
        this.adminKey = adminKey;
        this.out = out;
    }

    record Summary(int jobs, int succeeded, int failed, List<JsonNode> tenants) {}

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

    Summary run(Map<String, String> keys) throws IOException, InterruptedException {
        List<SampleJobs.Sample> samples = SampleJobs.all();
        Map<String, String> batches = new LinkedHashMap<>();
        for (String tenant : SampleJobs.TENANTS) {
            batches.put(
                    tenant,
                    submitBatch(
                            keys.get(tenant),
                            samples.stream()
                                    .filter(s -> s.tenant().equals(tenant))
                                    .toList()));
        }
        out.printf(
                "Submitted %d jobs in %d batches for tenants %s%n%n",
                samples.size(), batches.size(), SampleJobs.TENANTS);

        Map<String, Map<String, JsonNode>> results = new LinkedHashMap<>();
        for (var batch : batches.entrySet()) {
            String key = keys.get(batch.getKey());
            awaitCompleted(key, batch.getValue());
            results.put(batch.getKey(), results(key, batch.getValue()));
        }

        int succeeded = 0;
        Map<String, Integer> billedCalls = new LinkedHashMap<>();
        for (SampleJobs.Sample sample : samples) {
            JsonNode result = results.get(sample.tenant()).get(customId(sample));
            JsonNode response = result == null ? null : result.path("response");
            boolean ok = response != null && response.path("status_code").asInt() == 200;
            if (ok) {
                succeeded++;
                billedCalls.merge(sample.tenant(), 1, Integer::sum);
            }
            String line = ok
                    ? firstLine(response.path("body")
                            .path("choices")
                            .path(0)
                            .path("message")
                            .path("content")
                            .asString(""))
                    : "FAILED " + (result == null ? "no result" : result.path("error"));
            out.printf(
                    "%-10s %-16s %-22s %-14s %s%n",
                    sample.tenant(),
                    sample.taskType(),
                    sample.file(),
                    ok ? response.path("body").path("model").asString("-") : "-",
                    line);
        }

        List<JsonNode> tenants = new ArrayList<>();
        out.printf("%nBilling (from the PostgreSQL ledger):%n");
        for (String tenant : SampleJobs.TENANTS) {
            JsonNode usage = awaitUsage(keys.get(tenant), billedCalls.getOrDefault(tenant, 0));
            out.printf(
                    "  %-10s requests=%d input_tokens=%d output_tokens=%d cost_usd=%s%n",
                    tenant,
                    usage.path("requests").asLong(),
                    usage.path("input_tokens").asLong(),
                    usage.path("output_tokens").asLong(),
                    usage.path("cost_usd").asString());
            ObjectNode row = json.createObjectNode();
            row.put("tenant", tenant);
            row.put("input_tokens", usage.path("input_tokens").asLong());
            row.put("output_tokens", usage.path("output_tokens").asLong());
            row.put("cost_usd", usage.path("cost_usd").asString());
            tenants.add(row);
        }
        return new Summary(samples.size(), succeeded, samples.size() - succeeded, tenants);
    }

    String summaryJson(Summary summary) {
        ObjectNode root = json.createObjectNode();
        root.put("jobs", summary.jobs());
        root.put("succeeded", summary.succeeded());
        root.put("failed", summary.failed());
        ArrayNode tenants = root.putArray("tenants");
        summary.tenants().forEach(tenants::add);
        return json.writeValueAsString(root);
    }

    /** One OpenAI Batch input line per sample; returns the batch id. */
    private String submitBatch(String key, List<SampleJobs.Sample> samples) throws IOException, InterruptedException {
        StringBuilder jsonl = new StringBuilder();
        for (SampleJobs.Sample sample : samples) {
            ObjectNode line = json.createObjectNode();
            line.put("custom_id", customId(sample));
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

    /** The batch's results by custom_id. */
    private Map<String, JsonNode> results(String key, String batchId) throws IOException, InterruptedException {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(apiUrl + "/v1/batches/" + batchId + "/results"))
                        .header("Authorization", "Bearer " + key)
                        .build());
        Map<String, JsonNode> byCustomId = new LinkedHashMap<>();
        response.body()
                .lines()
                .filter(l -> !l.isBlank())
                .map(json::readTree)
                .forEach(line -> byCustomId.put(line.path("custom_id").asString(), line));
        return byCustomId;
    }

    private JsonNode awaitUsage(String key, int expectedRequests) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (true) {
            JsonNode usage = get("/v1/usage", key);
            if (usage != null && usage.path("requests").asLong() >= expectedRequests) {
                return usage;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("billing has not recorded " + expectedRequests + " calls after "
                        + RESULT_TIMEOUT + "; last answer: " + usage);
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
