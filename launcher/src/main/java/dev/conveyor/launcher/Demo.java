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
 * Submits the sample batch through the public API, waits for every result, then prints each
 * job's first line of output and each tenant's tokens and cost as the billing ledger has them.
 */
final class Demo {

    private static final Duration RESULT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(250);

    private final String apiUrl;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    Demo(String apiUrl, PrintStream out) {
        this.apiUrl = apiUrl;
        this.out = out;
    }

    record Summary(int jobs, int succeeded, int failed, List<JsonNode> tenants) {}

    Summary run() throws IOException, InterruptedException {
        List<SampleJobs.Sample> samples = SampleJobs.all();
        Map<String, SampleJobs.Sample> jobs = new LinkedHashMap<>();
        for (SampleJobs.Sample sample : samples) {
            jobs.put(submit(sample), sample);
        }
        out.printf("Submitted %d jobs for tenants %s%n%n", jobs.size(), SampleJobs.TENANTS);

        Map<String, JsonNode> results = awaitResults(jobs.keySet());
        int succeeded = 0;
        Map<String, Integer> billedCalls = new LinkedHashMap<>();
        for (var entry : jobs.entrySet()) {
            JsonNode result = results.get(entry.getKey());
            SampleJobs.Sample sample = entry.getValue();
            boolean ok = "succeeded".equals(result.path("status").asString());
            if (ok) {
                succeeded++;
                billedCalls.merge(sample.tenant(), 1, Integer::sum);
            }
            String line = ok ? firstLine(result.path("content").asString("")) : "FAILED " + result.path("error");
            out.printf(
                    "%-10s %-16s %-22s %-14s %s%n",
                    sample.tenant(),
                    sample.taskType(),
                    sample.file(),
                    result.path("model").asString("-"),
                    line);
        }

        List<JsonNode> tenants = new ArrayList<>();
        out.printf("%nBilling (from the PostgreSQL ledger):%n");
        for (String tenant : SampleJobs.TENANTS) {
            JsonNode usage = awaitUsage(tenant, billedCalls.getOrDefault(tenant, 0));
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
        return new Summary(jobs.size(), succeeded, jobs.size() - succeeded, tenants);
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

    private String submit(SampleJobs.Sample sample) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.put("tenant_id", sample.tenant());
        body.put("task_type", sample.taskType());
        body.putArray("messages").addObject().put("role", "user").put("content", sample.prompt());
        body.put("max_tokens", 400);
        body.putObject("metadata").put("file", sample.file());
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(apiUrl + "/v1/jobs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /v1/jobs answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body()).path("job_id").asString();
    }

    private Map<String, JsonNode> awaitResults(Iterable<String> jobIds) throws IOException, InterruptedException {
        Map<String, JsonNode> done = new LinkedHashMap<>();
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        for (String jobId : jobIds) {
            while (true) {
                JsonNode job = get("/v1/jobs/" + jobId);
                String status = job == null ? "" : job.path("status").asString();
                if (status.equals("succeeded") || status.equals("failed")) {
                    done.put(jobId, job);
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("job " + jobId + " has no result after " + RESULT_TIMEOUT);
                }
                Thread.sleep(POLL);
            }
        }
        return done;
    }

    private JsonNode awaitUsage(String tenant, int expectedRequests) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (true) {
            JsonNode usage = get("/v1/usage?tenant=" + tenant);
            if (usage != null && usage.path("requests").asLong() >= expectedRequests) {
                return usage;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("billing has not recorded " + expectedRequests + " calls for " + tenant
                        + " after " + RESULT_TIMEOUT + "; last answer: " + usage);
            }
            Thread.sleep(POLL);
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(apiUrl + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 90 ? line.substring(0, 87) + "..." : line;
    }
}
