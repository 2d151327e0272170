package dev.conveyor.api.batch;

import dev.conveyor.api.jobs.JobStore;
import dev.conveyor.api.jobs.JobView;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a batch's finished jobs as OpenAI batch output lines, a page of rows at a time:
 * {@code {"id", "custom_id", "response": {"status_code": 200, "request_id", "body": <chat.completion>},
 * "error": null}}, or for a failed job {@code "response": null, "error": {"code", "message"}}.
 */
@Component
class BatchResults {

    private static final int PAGE = 500;

    private final JobStore jobs;
    private final JsonMapper json;

    BatchResults(JobStore jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    void write(BatchStore.Batch batch, OutputStream out) throws IOException {
        int after = 0;
        while (true) {
            List<JobStore.BatchJob> page = jobs.batchPage(batch.tenantId(), batch.id(), after, PAGE);
            for (JobStore.BatchJob row : page) {
                if (row.job().finished()) {
                    out.write(json.writeValueAsString(line(row.job())).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
                after = row.line();
            }
            out.flush();
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private ObjectNode line(JobView job) {
        ObjectNode line = json.createObjectNode();
        line.put("id", job.jobId());
        line.put("custom_id", job.customId());
        if ("succeeded".equals(job.status())) {
            ObjectNode response = line.putObject("response");
            response.put("status_code", 200);
            response.put("request_id", job.jobId());
            response.set("body", completion(job));
            line.putNull("error");
        } else {
            line.putNull("response");
            ObjectNode error = line.putObject("error");
            error.put("code", job.error() == null ? "FAILED" : job.error().type());
            error.put("message", job.error() == null ? null : job.error().message());
        }
        return line;
    }

    private ObjectNode completion(JobView job) {
        ObjectNode body = json.createObjectNode();
        body.put("id", job.jobId());
        body.put("object", "chat.completion");
        body.put("created", job.completedAt() == null ? 0 : job.completedAt().getEpochSecond());
        body.put("model", job.model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", job.content());
        choice.put("finish_reason", job.finishReason());
        ObjectNode usage = body.putObject("usage");
        long input = job.usage() == null ? 0 : job.usage().inputTokens();
        long output = job.usage() == null ? 0 : job.usage().outputTokens();
        usage.put("prompt_tokens", input);
        usage.put("completion_tokens", output);
        usage.put("total_tokens", input + output);
        usage.putObject("prompt_tokens_details")
                .put("cached_tokens", job.usage() == null ? 0 : job.usage().cachedInputTokens());
        body.put("provider", job.provider());
        body.put(
                "cost_usd",
                job.costUsd() == null
                        ? null
                        : job.costUsd().stripTrailingZeros().toPlainString());
        return body;
    }
}
