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
