package dev.conveyor.sim.dialect;

import dev.conveyor.sim.batch.BatchRequest;
import dev.conveyor.sim.batch.Outcome;
import dev.conveyor.sim.server.Ids;
import dev.conveyor.sim.server.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** OpenAI's batch files: the checks of an input file's lines, and the lines of the output and error files. */
final class OpenAiBatchFiles {

    private OpenAiBatchFiles() {}

    /** OpenAI's checks of an input file, one error per bad line; fills {@code requests} from the good ones. */
    static ArrayNode validate(byte[] content, String endpoint, List<BatchRequest> requests) {
        var errors = Json.MAPPER.createArrayNode();
        var seen = new HashSet<String>();
        String model = null;
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = Json.tree(lines[i].getBytes(StandardCharsets.UTF_8));
            } catch (JacksonException e) {
                line = null;
            }
            if (line == null || !line.isObject()) {
                error(errors, "invalid_json_line", "This line is not parseable as valid JSON.", null, number);
                continue;
            }
            String customId = line.path("custom_id").asString("");
            if (customId.isEmpty()) {
                error(
                        errors,
                        "missing_required_parameter",
                        "Missing required parameter: 'custom_id'.",
                        "custom_id",
                        number);
            } else if (!seen.add(customId)) {
                error(
                        errors,
                        "duplicate_custom_id",
                        "The custom_id for this request is a duplicate of another request. The custom_id parameter"
                                + " must be unique for each request in a batch.",
                        "custom_id",
                        number);
            } else if (!line.path("method").asString("").equals("POST")) {
                error(errors, "invalid_method", "The method for this request must be 'POST'.", "method", number);
            } else if (!line.path("url").asString("").equals(endpoint)) {
                error(
                        errors,
                        "mismatched_endpoint",
                        "The URL provided for this request does not match the batch endpoint '" + endpoint + "'.",
                        "url",
                        number);
            } else if (!line.path("body").isObject()) {
                error(errors, "missing_required_parameter", "Missing required parameter: 'body'.", "body", number);
            } else if (model != null && !model.equals(line.at("/body/model").asString(""))) {
                error(
                        errors,
                        "mismatched_model",
                        "The provided model does not match the model of the other requests in this batch; a batch"
                                + " holds requests for one model.",
                        "body.model",
                        number);
            } else {
                model = line.at("/body/model").asString("");
                requests.add(new BatchRequest(customId, Json.bytes(line.get("body"))));
            }
        }
        if (requests.isEmpty() && errors.isEmpty()) {
            error(errors, "empty_file", "The batch input file is empty.", null, null);
        }
        return errors;
    }

    private static void error(ArrayNode errors, String code, String message, String param, Integer line) {
        errors.addObject()
                .put("code", code)
                .put("message", message)
                .put("param", param)
                .put("line", line);
    }

    /** One line of a result file: a success in the output file, anything else in the error file. */
    static byte[] resultLine(Outcome outcome) {
        var line = Json.object()
                .put("id", Ids.random("batch_req_"))
                .put("custom_id", outcome.request().customId());
        switch (outcome.kind()) {
            case ANSWERED -> {
                line.putObject("response")
                        .put("status_code", outcome.response().status())
                        .put("request_id", outcome.request().customId())
                        .set("body", Json.tree(outcome.response().body()));
                line.putNull("error");
            }
            case EXPIRED -> {
                line.putNull("response");
                line.putObject("error")
                        .put("code", "batch_expired")
                        .put("message", "This request could not be executed before the completion window expired.");
            }
            case CANCELED -> {
                line.putNull("response");
                line.putObject("error")
                        .put("code", "batch_cancelled")
                        .put("message", "This request was not executed because the batch was cancelled.");
            }
        }
        return Json.bytes(line);
    }
}
