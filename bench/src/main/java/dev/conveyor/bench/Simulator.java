package dev.conveyor.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The provider simulator's admin and ledger endpoints, as the driver needs them. */
final class Simulator {

    private static final int LEDGER_PAGE = 20_000;

    /** Reads decimals as they are written, not through a double. */
    private static final tools.jackson.databind.json.JsonMapper EXACT = tools.jackson.databind.json.JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Simulator(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** Forgets every call answered so far, so a segment's totals are its own. */
    void clearLedger() {
        send(HttpRequest.newBuilder(base.resolve("sim/ledger")).DELETE());
    }

    /** Merges a JSON patch into the simulator's configuration while it runs (models, faults, latency). */
    void reconfigure(String jsonPatch) {
        send(HttpRequest.newBuilder(base.resolve("sim/admin/config"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonPatch)));
    }

    /** Every call the ledger keeps (at most its capacity, the newest), oldest first, read in pages. */
    List<FailoverAnalysis.Call> ledger() {
        return entries().stream()
                .map(e -> new FailoverAnalysis.Call(
                        e.path("requestId").asString(),
                        e.path("protocol").asString(),
                        e.path("model").asString(),
                        e.path("status").asInt(),
                        Instant.parse(e.path("time").asString())))
                .toList();
    }

    /** A call as the provider charged it: its request id (the router's), status and tokens. */
    record Charge(String requestId, int status, long inputTokens, long outputTokens) {}

    /** Every call the ledger keeps, with what it was charged (failed calls carry no tokens). */
    List<Charge> charges() {
        return entries().stream()
                .map(e -> new Charge(
                        e.path("requestId").asString(),
                        e.path("status").asInt(),
                        e.path("inputTokens").asLong(0),
                        e.path("outputTokens").asLong(0)))
                .toList();
    }

    /**
     * Sets how the simulator runs provider batches (OpenAI Batch, Anthropic Message Batches) created
     * from now on: each answers its requests evenly over {@code delayMillis} after creation
     * ({@code POST /sim/admin/batch}); answers the settings in force.
     */
    JsonNode batchSettings(long delayMillis) {
        return Json.read(send(HttpRequest.newBuilder(base.resolve("sim/admin/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"delayMillis\":" + delayMillis + "}"))));
    }

    /**
     * A call as the simulator charged it: tokens of every kind, whether it was one request of a
     * provider batch (its request id is then the request's {@code custom_id}), and when.
     */
    record Billed(
            String requestId,
            String model,
            int status,
            long inputTokens,
            long cachedInputTokens,
            long cacheCreationInputTokens,
            long outputTokens,
            boolean batch,
            Instant time) {}

    /** Every call the ledger keeps, with every token kind and the batch flag. */
    List<Billed> billed() {
        return entries().stream()
                .map(e -> new Billed(
                        e.path("requestId").asString(),
                        e.path("model").asString(""),
                        e.path("status").asInt(),
                        e.path("inputTokens").asLong(0),
                        e.path("cachedInputTokens").asLong(0),
                        e.path("cacheCreationInputTokens").asLong(0),
                        e.path("outputTokens").asLong(0),
                        e.path("batch").asBoolean(false),
                        Instant.ofEpochMilli(millis(e.path("time")))))
                .toList();
    }

    /**
     * Provider batches created so far, both APIs: OpenAI's ({@code GET /v1/batches}, paged with
     * {@code after}) and Anthropic's ({@code GET /v1/messages/batches}, at most 1,000), each listed
     * with {@code apiKey}; answers the count per API.
     */
    java.util.Map<String, Integer> batches(String apiKey) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        int openai = 0;
        String after = null;
        while (true) {
            JsonNode page = Json.read(send(HttpRequest.newBuilder(
                            base.resolve("v1/batches?limit=100" + (after == null ? "" : "&after=" + after)))
                    .header("Authorization", "Bearer " + apiKey)
                    .GET()));
            openai += page.path("data").size();
            if (!page.path("has_more").asBoolean(false) || page.path("data").isEmpty()) {
                break;
            }
            after = page.path("last_id").asString();
        }
        counts.put("openai", openai);
        JsonNode anthropic = Json.read(send(HttpRequest.newBuilder(base.resolve("v1/messages/batches?limit=1000"))
                .header("x-api-key", apiKey)
                .header("anthropic-version", "2023-06-01")
                .GET()));
        counts.put("anthropic", anthropic.path("data").size());
        return counts;
    }

    /** The ledger's totals over every call ({@code GET /sim/ledger/totals}): the sum of their {@code costUsd}. */
    java.math.BigDecimal totalCostUsd() {
        JsonNode totals = EXACT.readTree(
                send(HttpRequest.newBuilder(base.resolve("sim/ledger/totals")).GET()));
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (JsonNode model : totals) {
            JsonNode cost = model.path("costUsd");
            sum = sum.add(cost.isNumber() ? cost.decimalValue() : new java.math.BigDecimal(cost.asString("0")));
        }
        return sum;
    }

    /** Calls answered since the last {@link #clearLedger}, and how many of them succeeded. */
    Calls calls() {
        JsonNode totals = Json.read(
                send(HttpRequest.newBuilder(base.resolve("sim/ledger/totals")).GET()));
        long calls = 0;
        long succeeded = 0;
        for (JsonNode model : totals) {
            calls += model.path("calls").asLong(0);
            succeeded += model.path("succeeded").asLong(0);
        }
        return new Calls(calls, succeeded);
    }

    /**
     * {@link #calls()} once two reads 300 ms apart agree (at most 3 s): the simulator may book a
     * call a moment after its answer has left, so a read right after the last result can miss it.
     */
    Calls settledCalls() {
        Calls last = calls();
        for (int i = 0; i < 10; i++) {
            pause();
            Calls next = calls();
            if (next.equals(last)) {
                return next;
            }
            last = next;
        }
        return last;
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading provider-sim's ledger", e);
        }
    }

    record Calls(long calls, long succeeded) {}

    /** Every call booked since the last {@link #clearLedger}, oldest first (for rate limits). */
    List<SimCall> admittedCalls() {
        return entries().stream()
                .map(entry -> new SimCall(
                        millis(entry.path("time")),
                        entry.path("model").asString(""),
                        entry.path("status").asInt(),
                        entry.path("inputTokens").asInt(0)))
                .toList();
    }

    /** The ledger's entries, oldest first, read in pages of {@value #LEDGER_PAGE}. */
    private List<JsonNode> entries() {
        List<JsonNode> entries = new ArrayList<>();
        for (int offset = 0; ; offset += LEDGER_PAGE) {
            JsonNode page = Json.read(
                    send(HttpRequest.newBuilder(base.resolve("sim/ledger?offset=" + offset + "&limit=" + LEDGER_PAGE))
                            .GET()));
            page.forEach(entries::add);
            if (page.size() < LEDGER_PAGE) {
                return entries;
            }
        }
    }

    /** A ledger time: an ISO-8601 instant, or seconds since the epoch with a fraction. */
    static long millis(JsonNode time) {
        if (time.isNumber()) {
            return Math.round(time.asDouble() * 1000);
        }
        return Instant.parse(time.asString()).toEpochMilli();
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("provider-sim answered " + response.statusCode() + " to "
                        + response.uri() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("provider-sim at " + base + " is not answering: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling provider-sim", e);
        }
    }
}
