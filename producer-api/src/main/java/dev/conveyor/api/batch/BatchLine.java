package dev.conveyor.api.batch;

import dev.conveyor.api.config.JsonPointers;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.intake.JobSubmission;
import dev.conveyor.api.text.Text;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One job of a batch as the client wrote it: the OpenAI Batch request shape
 * {@code {"custom_id", "method": "POST", "url": "/v1/chat/completions", "body": {...}}}, or a plain
 * job as {@code POST /v1/jobs} takes it (with an optional top-level {@code custom_id}).
 *
 * @param prefix where the job's own fields are inside the element ({@code /body} or nothing)
 * @param aliases job fields the client wrote under another name ({@code /task_type} was
 *     {@code /metadata/task_type})
 */
record BatchLine(String customId, JobSubmission job, String prefix, Map<String, String> aliases) {

    static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    private static final int MAX_CUSTOM_ID = 256;

    static BatchLine of(JsonNode node, JsonMapper json) {
        if (!(node instanceof ObjectNode element)) {
            throw new InvalidRequest("/", "each job should be a JSON object");
        }
        String customId = customId(element);
        if (element.has("body")) {
            checkEnvelope(element);
            if (!(element.get("body") instanceof ObjectNode body)) {
                throw new InvalidRequest("/body", "body should be a chat completion request object");
            }
            if (body.has("job_id")) {
                throw new InvalidRequest(
                        "/body/job_id", "jobs in a batch get the id <batch id>-<n>; name yours with custom_id");
            }
            Map<String, String> aliases = new HashMap<>();
            ObjectNode job = openAi(body, aliases);
            BatchLine line = new BatchLine(customId, null, "/body", aliases);
            return new BatchLine(customId, withCustomId(line.convert(job, json), customId), "/body", aliases);
        }
        if (element.has("job_id")) {
            throw new InvalidRequest("/job_id", "jobs in a batch get the id <batch id>-<n>; name yours with custom_id");
        }
        ObjectNode job = element.deepCopy();
        job.remove("custom_id");
        BatchLine line = new BatchLine(customId, null, "", Map.of());
        return new BatchLine(customId, withCustomId(line.convert(job, json), customId), "", Map.of());
    }

    private static String customId(ObjectNode element) {
        JsonNode id = element.get("custom_id");
        if (id == null || id.isNull()) {
            if (element.has("body")) {
                throw new InvalidRequest("/custom_id", "custom_id is required");
            }
            return null;
        }
        if (!id.isString()
                || id.asString().isEmpty()
                || id.asString().length() > MAX_CUSTOM_ID
                || !Text.wellFormed(id.asString())) {
            throw new InvalidRequest(
                    "/custom_id", "custom_id should be a string of 1-" + MAX_CUSTOM_ID + " characters");
        }
        return id.asString();
    }

    private static void checkEnvelope(ObjectNode element) {
        JsonNode method = element.get("method");
        if (method != null && !"POST".equals(method.asString(""))) {
            throw new InvalidRequest("/method", "method should be POST");
        }
        JsonNode url = element.get("url");
        if (url != null && !CHAT_COMPLETIONS.equals(url.asString(""))) {
            throw new InvalidRequest("/url", "url should be " + CHAT_COMPLETIONS);
        }
    }

    /** OpenAI's names for Conveyor's: metadata.task_type, max_completion_tokens. */
    private static ObjectNode openAi(ObjectNode body, Map<String, String> aliases) {
        ObjectNode job = body.deepCopy();
        if (job.get("metadata") instanceof ObjectNode metadata && metadata.has("task_type")) {
            JsonNode taskType = metadata.remove("task_type");
            if (!job.has("task_type")) {
                job.set("task_type", taskType);
                aliases.put("/task_type", "/metadata/task_type");
            }
        }
        if (!job.has("max_tokens") && job.has("max_completion_tokens")) {
            job.set("max_tokens", job.get("max_completion_tokens"));
            aliases.put("/max_tokens", "/max_completion_tokens");
        }
        job.remove("max_completion_tokens");
        return job;
    }

    /** A fault in the job's fields, named as the client wrote them inside the element. */
    InvalidRequest relocate(InvalidRequest fault) {
        String field = aliases.getOrDefault(fault.field(), fault.field());
        return new InvalidRequest(prefix + ("/".equals(field) && !prefix.isEmpty() ? "" : field), fault.getMessage());
    }

    private JobSubmission convert(ObjectNode job, JsonMapper json) {
        try {
            return json.treeToValue(job, JobSubmission.class);
        } catch (JacksonException e) {
            throw relocate(new InvalidRequest(JsonPointers.of(e), JsonPointers.describe(e)));
        }
    }

    private static JobSubmission withCustomId(JobSubmission job, String customId) {
        return customId == null ? job : job.withMetadata("custom_id", customId);
    }
}
