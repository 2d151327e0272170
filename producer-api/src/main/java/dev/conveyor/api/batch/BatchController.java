package dev.conveyor.api.batch;

import dev.conveyor.api.auth.Caller;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.errors.NotFound;
import dev.conveyor.api.intake.IdempotencyKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Batches: submit (JSONL or a JSON array), follow, and read results as JSONL. */
@RestController
@RequestMapping("/v1/batches")
class BatchController {

    static final String JSONL = "application/jsonl";
    static final String NDJSON = "application/x-ndjson";

    private final BatchIntake intake;
    private final BatchStore batches;
    private final BatchResults results;
    private final DeferredJobs deferred;

    BatchController(BatchIntake intake, BatchStore batches, BatchResults results, DeferredJobs deferred) {
        this.intake = intake;
        this.batches = batches;
        this.results = results;
        this.deferred = deferred;
    }

    /**
     * 202 with the batch once the broker acknowledged every job; a bad job rejects the whole batch
     * and nothing is produced.
     */
    @PostMapping(consumes = {JSONL, NDJSON, MediaType.APPLICATION_JSON_VALUE})
    @Operation(
            summary = "Submit a batch of up to 50,000 jobs",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description = "OpenAI Batch input lines ({\"custom_id\", \"method\": \"POST\","
                                    + " \"url\": \"/v1/chat/completions\", \"body\": {...}}) as JSONL, or a JSON"
                                    + " array of such lines or of POST /v1/jobs bodies",
                            content = {
                                @Content(mediaType = JSONL, schema = @Schema(type = "string")),
                                @Content(mediaType = NDJSON, schema = @Schema(type = "string")),
                                @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "array"))
                            }))
    ResponseEntity<BatchView> submit(
            Caller caller,
            HttpServletRequest request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @RequestParam(name = "priority", required = false) String priority,
            @RequestParam(name = "completion_window", required = false) String completionWindow)
            throws IOException {
        MediaType type = MediaType.parseMediaType(request.getContentType());
        BatchIntake.Format format = MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                ? BatchIntake.Format.JSON_ARRAY
                : BatchIntake.Format.JSONL;
        BatchIntake.Accepted accepted = intake.submit(
                caller.tenantId(),
                format,
                request.getInputStream(),
                IdempotencyKeys.check(idempotencyKey),
                new BatchIntake.Options(priority, completionWindow));
        return ResponseEntity.accepted()
                .location(URI.create("/v1/batches/" + accepted.batch().id()))
                .header("Idempotent-Replayed", String.valueOf(accepted.replayed()))
                .body(accepted.batch());
    }

    /** The caller's batches, newest first. */
    @GetMapping
    Map<String, Object> list(Caller caller, @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 100) {
            throw new InvalidRequest("limit", "limit should be from 1 to 100");
        }
        return Map.of(
                "object",
                "list",
                "data",
                batches.latest(caller.tenantId(), limit).stream()
                        .map(this::view)
                        .toList());
    }

    /** The batch's progress, and how many of its waiting jobs the router deferred to a provider's batch API. */
    @GetMapping("/{batchId}")
    BatchView get(Caller caller, @PathVariable String batchId) {
        return view(existing(caller, batchId));
    }

    /** One JSONL line per finished job, in batch order, in OpenAI's batch output shape. */
    @GetMapping(value = "/{batchId}/results")
    void results(Caller caller, @PathVariable String batchId, HttpServletResponse response) throws IOException {
        BatchStore.Batch batch = existing(caller, batchId);
        response.setContentType(JSONL);
        response.setCharacterEncoding("UTF-8");
        results.write(batch, response.getOutputStream());
    }

    private BatchView view(BatchStore.Batch batch) {
        return BatchView.of(batch, batches.progress(batch), deferred.of(batch.tenantId(), batch.id()));
    }

    private BatchStore.Batch existing(Caller caller, String batchId) {
        return batches.find(caller.tenantId(), batchId).orElseThrow(() -> new NotFound("no batch '" + batchId + "'"));
    }
}
