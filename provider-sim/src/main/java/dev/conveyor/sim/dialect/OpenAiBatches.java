package dev.conveyor.sim.dialect;

import dev.conveyor.sim.BatchSpec;
import dev.conveyor.sim.batch.BatchRequest;
import dev.conveyor.sim.batch.BatchRun;
import dev.conveyor.sim.batch.BatchView;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Batch API and the part of its Files API a batch needs: {@code POST /v1/files} (multipart, purpose
 * {@code batch}), {@code GET /v1/files/{id}} and {@code /content}, {@code POST /v1/batches}, {@code GET /v1/batches},
 * {@code GET /v1/batches/{id}} and {@code POST /v1/batches/{id}/cancel}. Each line of an input file is answered by
 * the completion engine as {@code POST /v1/chat/completions} would be, recorded as a batch call under its
 * {@code custom_id}.
 */
public final class OpenAiBatches implements ApiEndpoints {

    static final String ENDPOINT = "/v1/chat/completions";
    private static final List<String> OPENAI_ENDPOINTS =
            List.of("/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions");

    private final OpenAiDialect dialect;
    private final CompletionEngine engine;
    private final Supplier<BatchSpec> spec;
    private final Clock clock;
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private record StoredFile(String id, String filename, String purpose, byte[] content, Instant createdAt) {}

    /** A batch with what OpenAI keeps beside its run: input file, validation errors, and result files once ended. */
    private static final class Batch {
        final BatchRun run;
        final long sequence;
        final String inputFileId;
        final JsonNode metadata;
        final ArrayNode errors;
        String outputFileId;
        String errorFileId;

        Batch(BatchRun run, long sequence, String inputFileId, JsonNode metadata, ArrayNode errors) {
            this.run = run;
            this.sequence = sequence;
            this.inputFileId = inputFileId;
            this.metadata = metadata;
            this.errors = errors;
        }
    }

    OpenAiBatches(OpenAiDialect dialect, CompletionEngine engine, Supplier<BatchSpec> spec, Clock clock) {
        this.dialect = dialect;
        this.engine = engine;
        this.spec = spec;
        this.clock = clock;
    }

    @Override
    public SimResponse handle(SimRequest request) {
        String path = request.path();
        boolean ours = path.equals("/v1/files")
                || path.startsWith("/v1/files/")
                || path.equals("/v1/batches")
                || path.startsWith("/v1/batches/");
        if (!ours) {
            return null;
        }
        if (dialect.apiKey(request) == null) {
            return OpenAiErrors.of(new SimError.Unauthorized(), null);
        }
        String[] segments = path.substring(1).split("/");
        String route = request.method() + " " + segments[1] + "/" + segments.length;
        return switch (route) {
            case "POST files/2" -> upload(request);
            case "GET files/3" -> withFile(segments[2], file -> SimResponse.json(200, Json.bytes(fileObject(file))));
            case "GET files/4" ->
                segments[3].equals("content") ? withFile(segments[2], OpenAiBatches::content) : invalidUrl(request);
            case "POST batches/2" -> create(request);
            case "GET batches/2" -> list(request);
            case "GET batches/3" -> withBatch(segments[2], batch -> SimResponse.json(200, Json.bytes(render(batch))));
            case "POST batches/4" ->
                segments[3].equals("cancel") ? withBatch(segments[2], this::cancel) : invalidUrl(request);
            default -> invalidUrl(request);
        };
    }

    private SimResponse upload(SimRequest request) {
        var form = MultipartForm.parse(request.nonBlankHeader("content-type"), request.body());
        if (form == null) {
            return OpenAiErrors.body(
                    400, "The request must be multipart/form-data.", "invalid_request_error", null, null);
        }
        var purpose = form.parts().get("purpose");
        var file = form.parts().get("file");
        if (file == null) {
            return OpenAiErrors.body(400, "Missing required parameter: 'file'.", "invalid_request_error", "file", null);
        }
        if (purpose == null || purpose.text().isBlank()) {
            return OpenAiErrors.body(
                    400, "Missing required parameter: 'purpose'.", "invalid_request_error", "purpose", null);
        }
        var stored = new StoredFile(
                Ids.random("file-"),
                file.filename() == null ? "upload.jsonl" : file.filename(),
                purpose.text().strip(),
                file.content(),
                clock.instant());
        files.put(stored.id(), stored);
        return SimResponse.json(200, Json.bytes(fileObject(stored)));
    }

    private SimResponse create(SimRequest request) {
        JsonNode body;
        try {
            body = Json.tree(request.body());
        } catch (JacksonException e) {
            return OpenAiErrors.body(
                    400, "We could not parse the JSON body of your request.", "invalid_request_error", null, null);
        }
        for (String required : List.of("input_file_id", "endpoint", "completion_window")) {
            if (!body.path(required).isString()) {
                return OpenAiErrors.body(
                        400,
                        "Missing required parameter: '" + required + "'.",
                        "invalid_request_error",
                        required,
                        "missing_required_parameter");
            }
        }
        String endpoint = body.get("endpoint").asString();
        if (!endpoint.equals(ENDPOINT)) {
            String message = OPENAI_ENDPOINTS.contains(endpoint)
                    ? "provider-sim answers batches for '" + ENDPOINT + "' only, not '" + endpoint + "'."
                    : "Invalid value: '" + endpoint + "'. Supported values are: '"
                            + String.join("', '", OPENAI_ENDPOINTS) + "'.";
            return OpenAiErrors.body(400, message, "invalid_request_error", "endpoint", "invalid_value");
        }
        if (!body.get("completion_window").asString().equals("24h")) {
            return OpenAiErrors.body(
                    400,
                    "Invalid value: '" + body.get("completion_window").asString() + "'. Supported values are: '24h'.",
                    "invalid_request_error",
                    "completion_window",
                    "invalid_value");
        }
        String fileId = body.get("input_file_id").asString();
        var file = files.get(fileId);
        if (file == null) {
            return OpenAiErrors.body(
                    404, "No such File object: " + fileId, "invalid_request_error", "input_file_id", null);
        }
        if (!file.purpose().equals("batch")) {
            return OpenAiErrors.body(
                    400,
                    "The file " + fileId + " was uploaded with purpose '" + file.purpose()
                            + "', but a batch needs purpose 'batch'.",
                    "invalid_request_error",
                    "input_file_id",
                    "invalid_value");
        }
        var requests = new ArrayList<BatchRequest>();
        var errors = OpenAiBatchFiles.validate(file.content(), endpoint, requests);
        var headers = BatchCalls.headersOf(request, "authorization");
        var run = new BatchRun(
                Ids.random("batch_"),
                errors.isEmpty() ? requests : List.of(),
                !errors.isEmpty(),
                true,
                spec.get(),
                (line, fail) -> engine.answerInBatch(dialect, BatchCalls.request(ENDPOINT, headers, line), fail),
                clock.instant());
        JsonNode metadata = body.get("metadata");
        var batch = new Batch(run, sequence.incrementAndGet(), fileId, metadata, errors);
        batches.put(run.id(), batch);
        return SimResponse.json(200, Json.bytes(render(batch, run.view())));
    }

    private SimResponse list(SimRequest request) {
        int limit;
        try {
            limit = Integer.parseInt(request.query().getOrDefault("limit", "20"));
        } catch (NumberFormatException e) {
            return OpenAiErrors.body(400, "limit must be a whole number.", "invalid_request_error", "limit", null);
        }
        var newestFirst = batches.values().stream()
                .sorted(Comparator.comparingLong((Batch batch) -> batch.sequence)
                        .reversed())
                .toList();
        String after = request.query().get("after");
        if (after != null) {
            var position = newestFirst.stream().map(b -> b.run.id()).toList().indexOf(after);
            newestFirst = newestFirst.subList(position + 1, newestFirst.size());
        }
        var page = newestFirst.stream().limit(Math.max(1, Math.min(limit, 100))).toList();
        var body = Json.object().put("object", "list");
        var data = body.putArray("data");
        page.forEach(batch -> data.add(render(batch)));
        body.put("first_id", page.isEmpty() ? null : page.getFirst().run.id());
        body.put("last_id", page.isEmpty() ? null : page.getLast().run.id());
        body.put("has_more", page.size() < newestFirst.size());
        return SimResponse.json(200, Json.bytes(body));
    }

    private SimResponse cancel(Batch batch) {
        if (!batch.run.cancel(clock.instant())) {
            var view = batch.run.view();
            return OpenAiErrors.body(
                    409,
                    "Cannot cancel a batch with status '" + status(view) + "'.",
                    "invalid_request_error",
                    null,
                    null);
        }
        return SimResponse.json(200, Json.bytes(render(batch, batch.run.view())));
    }

    private ObjectNode render(Batch batch) {
        return render(batch, batch.run.advance(clock.instant()));
    }

    private ObjectNode render(Batch batch, BatchView view) {
        if (view.ended()) {
            writeResultFiles(batch, view);
        }
        var body = Json.object().put("id", view.id()).put("object", "batch").put("endpoint", ENDPOINT);
        if (batch.errors.isEmpty() || view.state() == BatchRun.State.VALIDATING) {
            body.putNull("errors");
        } else {
            body.putObject("errors").put("object", "list").set("data", batch.errors);
        }
        body.put("input_file_id", batch.inputFileId)
                .put("completion_window", "24h")
                .put("status", status(view))
                .put("output_file_id", batch.outputFileId)
                .put("error_file_id", batch.errorFileId)
                .put("created_at", view.createdAt().getEpochSecond())
                .put("in_progress_at", seconds(view.inProgressAt()))
                .put("expires_at", view.expiresAt().getEpochSecond())
                .put("finalizing_at", seconds(ended(view, BatchRun.State.COMPLETED, BatchRun.State.EXPIRED)))
                .put("completed_at", seconds(ended(view, BatchRun.State.COMPLETED)))
                .put("failed_at", seconds(ended(view, BatchRun.State.FAILED)))
                .put("expired_at", seconds(ended(view, BatchRun.State.EXPIRED)))
                .put("cancelling_at", seconds(view.cancellingAt()))
                .put("cancelled_at", seconds(ended(view, BatchRun.State.CANCELLED)));
        body.putObject("request_counts")
                .put("total", view.total())
                .put("completed", view.succeeded())
                .put("failed", view.outcomes().size() - view.succeeded());
        if (batch.metadata == null || batch.metadata.isNull()) {
            body.putNull("metadata");
        } else {
            body.set("metadata", batch.metadata.deepCopy());
        }
        return body;
    }

    /** Once a batch has ended: its output file (successes) and error file (every other request), each if not empty. */
    private void writeResultFiles(Batch batch, BatchView view) {
        synchronized (batch) {
            if (batch.outputFileId != null
                    || batch.errorFileId != null
                    || view.outcomes().isEmpty()) {
                return;
            }
            var output = new ByteArrayOutputStream();
            var errors = new ByteArrayOutputStream();
            for (var outcome : view.outcomes()) {
                var line = OpenAiBatchFiles.resultLine(outcome);
                (outcome.succeeded() ? output : errors).writeBytes(line);
                (outcome.succeeded() ? output : errors).write('\n');
            }
            batch.outputFileId = store(view.id() + "_output.jsonl", output.toByteArray());
            batch.errorFileId = store(view.id() + "_error.jsonl", errors.toByteArray());
        }
    }

    private String store(String filename, byte[] content) {
        if (content.length == 0) {
            return null;
        }
        var file = new StoredFile(Ids.random("file-"), filename, "batch_output", content, clock.instant());
        files.put(file.id(), file);
        return file.id();
    }

    private static String status(BatchView view) {
        return view.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Instant ended(BatchView view, BatchRun.State... states) {
        return List.of(states).contains(view.state()) ? view.endedAt() : null;
    }

    private static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }

    private static ObjectNode fileObject(StoredFile file) {
        return Json.object()
                .put("id", file.id())
                .put("object", "file")
                .put("bytes", file.content().length)
                .put("created_at", file.createdAt().getEpochSecond())
                .put("filename", file.filename())
                .put("purpose", file.purpose())
                .put("status", "processed");
    }

    private static SimResponse content(StoredFile file) {
        return SimResponse.json(200, file.content()).header("content-type", "application/octet-stream");
    }

    private SimResponse withFile(String id, java.util.function.Function<StoredFile, SimResponse> answer) {
        var file = files.get(id);
        if (file == null) {
            return OpenAiErrors.body(404, "No such File object: " + id, "invalid_request_error", "id", null);
        }
        return answer.apply(file);
    }

    private SimResponse withBatch(String id, java.util.function.Function<Batch, SimResponse> answer) {
        var batch = batches.get(id);
        if (batch == null) {
            return OpenAiErrors.body(404, "No batch found with id '" + id + "'.", "invalid_request_error", null, null);
        }
        return answer.apply(batch);
    }

    private static SimResponse invalidUrl(SimRequest request) {
        return OpenAiErrors.body(
                404,
                "Invalid URL (" + request.method() + " " + request.path() + ")",
                "invalid_request_error",
                null,
                null);
    }
}
