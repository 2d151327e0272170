package dev.conveyor.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the rate-limit scenario measures at the simulator, from its ledger. Glossary: the
 * <em>steady span</em> is a whole number of the simulator's fixed windows, starting on a window
 * boundary after the workers' first result, during which the workers always have a backlog;
 * <em>permitted</em> is how many calls the configured limits admit per window, per model the
 * request limit or the token limit over the model's mean charge per call (its mean prompt tokens
 * as the ledger booked them plus its mean requested output), whichever is lower.
 *
 * @param limits the simulator's limit per model
 * @param meanRequestedOutput per model, the mean {@code max_tokens} of the jobs routed to it
 * @param windowMillis the length of one limit window
 * @param from the start of the steady span (a window boundary)
 * @param windows the steady span's length in windows
 */
record RateLimitMeasure(
        List<ProviderLimit> limits,
        Map<String, Double> meanRequestedOutput,
        long windowMillis,
        long from,
        int windows) {

    long to() {
        return from + windows * windowMillis;
    }

    /**
     * Fails when calls reached models the scenario does not limit: the routes did not send the jobs
     * where the limits are, so every figure of the run would be about nothing.
     */
    void requireLimitedModels(List<SimCall> ledger) {
        java.util.Set<String> limited = new java.util.HashSet<>();
        limits.forEach(limit -> limited.add(limit.model()));
        Map<String, Long> elsewhere = new java.util.TreeMap<>();
        ledger.stream()
                .filter(c -> !limited.contains(c.model()))
                .forEach(c -> elsewhere.merge(c.model(), 1L, Long::sum));
        if (!elsewhere.isEmpty()) {
            throw new IllegalStateException("calls reached models without a limit in this scenario " + elsewhere
                    + " (limited: " + limited + "): check the routes the workers were given");
        }
    }

    /** The fields of the scenario (shared/BENCH.md) and a breakdown per model and window, into {@code json}. */
    void write(List<SimCall> ledger, ObjectNode json) {
        double seconds = windows * windowMillis / 1000.0;
        double permittedPerWindow = 0;
        long achieved = 0;
        ObjectNode models = Json.object();
        for (ProviderLimit limit : limits) {
            double meanTokens =
                    meanPrompt(ledger, limit.model()) + meanRequestedOutput.getOrDefault(limit.model(), 0.0);
            double permitted = limit.callsPerWindow(meanTokens);
            long ok = ledger.stream()
                    .filter(c -> c.model().equals(limit.model()) && c.succeeded() && inSpan(c))
                    .count();
            permittedPerWindow += permitted;
            achieved += ok;
            ObjectNode model = models.putObject(limit.model());
            model.put("requests_per_window", limit.requests());
            model.put("tokens_per_window", limit.tokens());
            Json.put(model, "mean_charged_tokens", meanTokens, 1);
            model.put("binding", limit.binding(meanTokens));
            Json.put(model, "permitted_per_window", permitted, 1);
            Json.put(model, "achieved_per_window", (double) ok / windows, 1);
            Json.put(model, "utilization", ok / (permitted * windows), 4);
            model.put(
                    "http_429",
                    ledger.stream()
                            .filter(c -> c.model().equals(limit.model()) && c.rateLimited() && c.timeMillis() < to())
                            .count());
        }
        long calls = ledger.stream().filter(c -> c.timeMillis() < to()).count();
        long throttled = ledger.stream()
                .filter(c -> c.rateLimited() && c.timeMillis() < to())
                .count();
        Json.put(json, "permitted_per_s", permittedPerWindow / (windowMillis / 1000.0), 2);
        Json.put(json, "achieved_per_s", achieved / seconds, 2);
        Json.put(json, "utilization", achieved / (permittedPerWindow * windows), 4);
        json.put("calls", calls);
        json.put("http_429", throttled);
        Json.put(json, "rate_429", calls == 0 ? Double.NaN : (double) throttled / calls, 5);
        json.put("steady_calls", ledger.stream().filter(this::inSpan).count());
        json.put(
                "steady_http_429",
                ledger.stream().filter(c -> c.rateLimited() && inSpan(c)).count());
        json.put(
                "calls_failed_other",
                ledger.stream()
                        .filter(c -> !c.succeeded() && !c.rateLimited() && c.timeMillis() < to())
                        .count());
        json.set("models", models);
        var perWindow = json.putArray("succeeded_per_window");
        successesPerWindow(ledger).values().forEach(perWindow::add);
    }

    /** Successful calls in each window of the steady span, keyed by the window's start. */
    Map<Long, Long> successesPerWindow(List<SimCall> ledger) {
        Map<Long, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < windows; i++) {
            counts.put(from + i * windowMillis, 0L);
        }
        ledger.stream()
                .filter(c -> c.succeeded() && inSpan(c))
                .forEach(
                        c -> counts.merge(from + (c.timeMillis() - from) / windowMillis * windowMillis, 1L, Long::sum));
        return counts;
    }

    private boolean inSpan(SimCall call) {
        return call.timeMillis() >= from && call.timeMillis() < to();
    }

    /** Mean prompt tokens the simulator charged the model's successful calls; 0 when it had none. */
    private static double meanPrompt(List<SimCall> ledger, String model) {
        return ledger.stream()
                .filter(c -> c.model().equals(model) && c.succeeded())
                .mapToInt(SimCall::inputTokens)
                .average()
                .orElse(0);
    }
}
