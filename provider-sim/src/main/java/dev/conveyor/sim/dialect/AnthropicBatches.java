package dev.conveyor.sim.dialect;

import dev.conveyor.sim.BatchSpec;
import dev.conveyor.sim.batch.BatchRequest;
import dev.conveyor.sim.batch.BatchRun;
import dev.conveyor.sim.batch.BatchView;
import dev.conveyor.sim.batch.Outcome;
import dev.conveyor.sim.engine.CompletionEngine;
import dev.conveyor.sim.engine.SimError;
import dev.conveyor.sim.server.ApiEndpoints;
import dev.conveyor.sim.server.Ids;
import dev.conveyor.sim.server.Json;
import dev.conveyor.sim.server.SimRequest;
import dev.conveyor.sim.server.SimResponse;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Message Batches API: {@code POST /v1/messages/batches}, {@code GET /v1/messages/batches[/{id}]},
 * {@code GET /v1/messages/batches/{id}/results} (JSONL) and {@code POST /v1/messages/batches/{id}/cancel}, with the
 * Messages API's {@code x-api-key} and {@code anthropic-version} headers. Each request's {@code params} are answered by
 * the completion engine as {@code POST /v1/messages} would answer them, recorded as a batch call under its
 * {@code custom_id}.
 */
public final class AnthropicBatches implements ApiEndpoints {

    private static final String PATH = "/v1/messages/batches";
    private static final Pattern CUSTOM_ID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    private final AnthropicDialect dialect;
    private final CompletionEngine engine;
    private final Supplier<BatchSpec> spec;
    private final Clock clock;
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private record Batch(BatchRun run, long sequence) {}

    AnthropicBatches(AnthropicDialect dialect, CompletionEngine engine, Supplier<BatchSpec> spec, Clock clock) {
        this.dialect = dialect;
        this.engine = engine;
        this.spec = spec;
        this.clock = clock;
    }

    @Override
    public SimResponse handle(SimRequest request) {
        String path = request.path();
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            return null;
        }
        String requestId = Ids.random("req_");
        if (dialect.apiKey(request) == null) {
            return withId(AnthropicErrors.of(new SimError.Unauthorized(), requestId), requestId);
        }
        var precheck = dialect.precheck(request);
        if (precheck != null) {
            return withId(AnthropicErrors.of(precheck, requestId), requestId);
        }
        String[] rest = path.substring(PATH.length()).split("/");
        String route = request.method() + " " + rest.length + (rest.length == 3 ? " " + rest[2] : "");
        var answer = switch (route) {
            case "POST 1" -> create(request, requestId);
            case "GET 1" -> list(request);
            case "GET 2" -> withBatch(rest[1], requestId, batch -> json(render(request, batch)));
            case "GET 3 results" -> withBatch(rest[1], requestId, batch -> results(batch, requestId));
            case "POST 3 cancel" -> withBatch(rest[1], requestId, batch -> cancel(request, batch, requestId));
            default -> AnthropicErrors.body(404, "not_found_error", "Not found", requestId);
        };
        return withId(answer, requestId);
    }

    private SimResponse create(SimRequest request, String requestId) {
        JsonNode body;
        try {
            body = Json.tree(request.body());
        } catch (JacksonException e) {
            return invalid("There was an issue with your request body: it is not valid JSON.", requestId);
        }
        JsonNode items = body.get("requests");
        if (items == null || !items.isArray()) {
            return invalid("requests: Field required", requestId);
        }
        if (items.isEmpty()) {
            return invalid("requests: List should have at least 1 item after validation, not 0", requestId);
        }
        var requests = new ArrayList<BatchRequest>();
        var seen = new HashSet<String>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String customId = item.path("custom_id").asString("");
            if (!CUSTOM_ID.matcher(customId).matches()) {
                return invalid(
                        "requests." + i + ".custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'", requestId);
            }
            if (!seen.add(customId)) {
                return invalid(
                        "requests." + i + ".custom_id: Duplicate custom_id '" + customId
                                + "'; each request in a batch needs a unique custom_id",
                        requestId);
            }
            if (!item.path("params").isObject()) {
                return invalid("requests." + i + ".params: Field required", requestId);
            }
            requests.add(new BatchRequest(customId, Json.bytes(item.get("params"))));
        }
        var headers = BatchCalls.headersOf(request, "x-api-key", "anthropic-version", "anthropic-beta");
        var run = new BatchRun(
                Ids.random("msgbatch_"),
                requests,
                false,
                false,
                spec.get(),
                (item, fail) -> engine.answerInBatch(dialect, BatchCalls.request("/v1/messages", headers, item), fail),
                clock.instant());
        var batch = new Batch(run, sequence.incrementAndGet());
        batches.put(run.id(), batch);
        return json(render(request, batch, run.view()));
    }

    private SimResponse list(SimRequest request) {
        int limit;
        try {
            limit = Integer.parseInt(request.query().getOrDefault("limit", "20"));
        } catch (NumberFormatException e) {
            return invalid("limit: Input should be a valid integer", null);
        }
        var page = batches.values().stream()
                .sorted(Comparator.comparingLong(Batch::sequence).reversed())
                .limit(Math.max(1, Math.min(limit, 1000)))
                .toList();
        var body = Json.object();
        var data = body.putArray("data");
        page.forEach(batch -> data.add(render(request, batch)));
        body.put("has_more", page.size() < batches.size());
        body.put("first_id", page.isEmpty() ? null : page.getFirst().run().id());
        body.put("last_id", page.isEmpty() ? null : page.getLast().run().id());
        return json(body);
    }

    private SimResponse results(Batch batch, String requestId) {
        var view = batch.run().advance(clock.instant());
        if (!view.ended()) {
            return invalid(
                    "Message Batch " + view.id() + " has not yet ended; its results are available once its"
                            + " processing_status is ended.",
                    requestId);
        }
        var out = new ByteArrayOutputStream();
        for (var outcome : view.outcomes()) {
            out.writeBytes(Json.bytes(resultLine(outcome)));
            out.write('\n');
        }
        return SimResponse.json(200, out.toByteArray()).header("content-type", "application/x-jsonl");
    }

    private static ObjectNode resultLine(Outcome outcome) {
        var line = Json.object().put("custom_id", outcome.request().customId());
        var result = line.putObject("result");
        switch (outcome.kind()) {
            case ANSWERED -> {
                JsonNode body = Json.tree(outcome.response().body());
                if (outcome.succeeded()) {
                    result.put("type", "succeeded").set("message", body);
                } else {
                    result.put("type", "errored").set("error", body);
                }
            }
            case CANCELED -> result.put("type", "canceled");
            case EXPIRED -> result.put("type", "expired");
        }
        return line;
    }

    private SimResponse cancel(SimRequest request, Batch batch, String requestId) {
        if (!batch.run().cancel(clock.instant())) {
            return invalid(
                    "Message Batch " + batch.run().id() + " has already ended and cannot be canceled.", requestId);
        }
        return json(render(request, batch, batch.run().view()));
    }

    private ObjectNode render(SimRequest request, Batch batch) {
        return render(request, batch, batch.run().advance(clock.instant()));
    }

    private static ObjectNode render(SimRequest request, Batch batch, BatchView view) {
        var body = Json.object()
                .put("id", view.id())
                .put("type", "message_batch")
                .put("processing_status", processingStatus(view.state()));
        body.putObject("request_counts")
                .put("processing", view.total() - view.outcomes().size())
                .put("succeeded", view.succeeded())
                .put("errored", view.errored())
                .put("canceled", view.count(Outcome.Kind.CANCELED))
                .put("expired", view.count(Outcome.Kind.EXPIRED));
        body.put("ended_at", time(view.endedAt()))
                .put("created_at", time(view.createdAt()))
                .put("expires_at", time(view.expiresAt()))
                .putNull("archived_at");
        body.put("cancel_initiated_at", time(view.cancellingAt()));
        String host = request.nonBlankHeader("host");
        body.put(
                "results_url",
                view.ended() && host != null ? "http://" + host + PATH + "/" + view.id() + "/results" : null);
        return body;
    }

    private static String processingStatus(BatchRun.State state) {
        if (state.ended()) {
            return "ended";
        }
        return state == BatchRun.State.CANCELLING ? "canceling" : "in_progress";
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private SimResponse withBatch(String id, String requestId, Function<Batch, SimResponse> answer) {
        var batch = batches.get(id);
        if (batch == null) {
            return AnthropicErrors.body(404, "not_found_error", "Message Batch " + id + " not found.", requestId);
        }
        return answer.apply(batch);
    }

    private static SimResponse invalid(String message, String requestId) {
        return AnthropicErrors.body(400, "invalid_request_error", message, requestId);
    }

    private static SimResponse json(JsonNode body) {
        return SimResponse.json(200, Json.bytes(body));
    }

    private static SimResponse withId(SimResponse response, String requestId) {
        return response.header("request-id", requestId).header("x-request-id", requestId);
    }
}
