package dev.conveyor.api.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import dev.conveyor.schemas.CompletionRequest;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class BatchIntakeTest extends ApiTest {

    private Tenant tenant;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
    }

    static String line(String customId, String body) {
        return """
                {"custom_id":"%s","method":"POST","url":"/v1/chat/completions","body":%s}""".formatted(customId, body);
    }

    static String chat(String content) {
        return """
                {"messages":[{"role":"user","content":"%s"}],"max_tokens":200}""".formatted(content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/jsonl", "application/x-ndjson"})
    void anOpenAiBatchFileIsProducedJobByJobAndAnswered202(String contentType) {
        String jsonl = String.join(
                "\n",
                line("review-1", """
                        {"model":"gpt-4.1-mini","messages":[{"role":"user","content":"Review Cart"}],
                         "max_completion_tokens":300,"temperature":0.1,"metadata":{"task_type":"documentation","repo":"shop"}}""".replace("\n", "")),
                "",
                line("review-2", chat("Review Order")),
                line("review-3", chat("Review Payment")) + "\n");

        Api.Reply reply = api.call("POST", "/v1/batches")
                .key(tenant.key())
                .body(contentType, jsonl)
                .send();

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        JsonNode batch = reply.json();
        String batchId = batch.path("id").asString();
        assertThat(batchId).startsWith("batch_");
        assertThat(batch.path("object").asString()).isEqualTo("batch");
        assertThat(batch.path("status").asString()).isEqualTo("in_progress");
        assertThat(batch.path("request_counts").path("total").asInt()).isEqualTo(3);
        assertThat(reply.header("Location")).hasValue("/v1/batches/" + batchId);

        List<CompletionRequest> jobs = produced(j -> batchId.equals(j.getBatchId())).stream()
                .sorted(Comparator.comparing(CompletionRequest::getJobId))
                .toList();
        assertThat(jobs)
                .extracting(CompletionRequest::getJobId)
                .containsExactly(batchId + "-1", batchId + "-2", batchId + "-3");
        assertThat(jobs).allSatisfy(j -> assertThat(j.getTenantId()).isEqualTo(tenant.id()));
        assertThat(jobs.getFirst().getMetadata())
                .containsEntry("custom_id", "review-1")
                .containsEntry("repo", "shop")
                .doesNotContainKey("task_type");
        assertThat(jobs.getFirst().getTaskType()).isEqualTo("documentation");
        assertThat(jobs.getFirst().getMaxTokens()).isEqualTo(300);
        assertThat(jobs.getFirst().getModel()).isEqualTo("gpt-4.1-mini");
        assertThat(jobs.get(1).getTaskType()).isEqualTo("code_analysis");
        assertThat(jobs.get(2).getMetadata()).containsEntry("custom_id", "review-3");
    }

    @Test
    void aJsonArrayOfJobsIsABatchToo() {
        Api.Reply reply = api.post("/v1/batches", tenant.key(), """
                [{"custom_id":"a","messages":[{"role":"user","content":"one"}]},
                 {"task_type":"test_generation","messages":[{"role":"user","content":"two"}]},
                 %s]
                """.formatted(line("c", chat("three"))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String batchId = reply.json().path("id").asString();
        assertThat(produced(j -> batchId.equals(j.getBatchId())))
                .extracting(CompletionRequest::getTaskType)
                .containsExactlyInAnyOrder("code_analysis", "test_generation", "code_analysis");
    }

    @Test
    void aBadLineRejectsTheWholeBatchNamingItsLineAndNothingIsProduced() {
        String jsonl = String.join("\n", line("ok-1", chat("fine")), "", line("bad", """
                        {"messages":[{"role":"user","content":"hot"}],"temperature":3.5}"""), line("ok-2", chat("fine")));

        Api.Reply reply = api.call("POST", "/v1/batches")
                .key(tenant.key())
                .body("application/jsonl", jsonl)
                .send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("line").asInt()).isEqualTo(3);
        assertThat(reply.json().path("field").asString()).isEqualTo("/body/temperature");
        assertThat(reply.json().path("detail").asString()).startsWith("line 3: ");
        assertThat(produced(j -> j.getTenantId().equals(tenant.id()))).isEmpty();
    }

    @Test
    void faultsNameTheFieldAsTheClientWroteIt() {
        assertThat(badLine(line("x", """
                        {"messages":[{"role":"user","content":"hi"}],"metadata":{"task_type":"poetry"}}"""))).isEqualTo("/body/metadata/task_type");
        assertThat(badLine(line("x", """
                        {"messages":[{"role":"user","content":"hi"}],"max_completion_tokens":0}"""))).isEqualTo("/body/max_completion_tokens");
        assertThat(badLine(line("x", """
                        {"messages":[{"role":"user","content":"hi"}],"model":"gpt-9"}"""))).isEqualTo("/body/model");
        assertThat(badLine(line("x", """
                        {"messages":"hi"}"""))).isEqualTo("/body/messages");
        assertThat(badLine("""
                {"custom_id":"x","method":"POST","url":"/v1/embeddings","body":{}}""")).isEqualTo("/url");
        assertThat(badLine("""
                {"method":"POST","url":"/v1/chat/completions","body":{"messages":[]}}""")).isEqualTo("/custom_id");
        assertThat(badLine("{\"custom_id\": oops}")).isEqualTo("/");
        assertThat(badLine("42")).isEqualTo("/");
        assertThat(badLine(line("same", chat("a")) + "\n" + line("same", chat("b"))))
                .isEqualTo("/custom_id");

        Api.Reply array = api.post("/v1/batches", tenant.key(), """
                [{"messages":[{"role":"user","content":"a"}]},{"messages":[{"role":"user","content":"b"}],"temperature":7}]
                """);
        assertThat(array.json().path("field").asString()).isEqualTo("/1/temperature");
        assertThat(array.json().has("line")).isFalse();
    }

    @Test
    void anEmptyBatchIsRejected() {
        Api.Reply jsonl = api.call("POST", "/v1/batches")
                .key(tenant.key())
                .body("application/jsonl", "\n\n")
                .send();
        Api.Reply array = api.post("/v1/batches", tenant.key(), "[]");

        assertThat(jsonl.status()).isEqualTo(400);
        assertThat(array.status()).isEqualTo(400);
    }

    @Test
    void moreThanFiftyThousandJobsAre413AndNothingIsProduced() {
        String oneLine = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}\n";
        String jsonl = oneLine.repeat(50_001);

        Api.Reply reply = api.call("POST", "/v1/batches")
                .key(tenant.key())
                .body("application/jsonl", jsonl)
                .send();

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().path("line").asInt()).isEqualTo(50_001);
        assertThat(produced(j -> j.getTenantId().equals(tenant.id()))).isEmpty();
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameBatchWithoutProducingItAgain() {
        String jsonl = line("a", chat("one")) + "\n" + line("b", chat("two"));
        String key = UUID.randomUUID().toString();

        Api.Reply first = submit(jsonl, key);
        Api.Reply again = submit(jsonl, key);
        Api.Reply changed = submit(jsonl + "\n" + line("c", chat("three")), key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        String batchId = first.json().path("id").asString();
        assertThat(again.json().path("id").asString()).isEqualTo(batchId);
        assertThat(changed.status()).isEqualTo(422);
        assertThat(produced(j -> batchId.equals(j.getBatchId()))).hasSize(2);
    }

    @Test
    void aLargeBatchStreamsThroughWithEveryJobAcknowledged() {
        int count = 3_000;
        String jsonl = IntStream.rangeClosed(1, count)
                .mapToObj(i -> line("job-" + i, chat("Review class C" + i)))
                .collect(Collectors.joining("\n"));

        Api.Reply reply = api.call("POST", "/v1/batches")
                .key(tenant.key())
                .body("application/jsonl", jsonl)
                .send();

        assertThat(reply.status()).isEqualTo(202);
        String batchId = reply.json().path("id").asString();
        assertThat(produced(j -> batchId.equals(j.getBatchId())))
                .extracting(CompletionRequest::getJobId)
                .doesNotHaveDuplicates()
                .hasSize(count);
        assertThat(api.get("/v1/batches/" + batchId, tenant.key())
                        .json()
                        .path("request_counts")
                        .path("total")
                        .asInt())
                .isEqualTo(count);
    }

    private String badLine(String jsonl) {
        Api.Reply reply = api.call("POST", "/v1/batches")
                .key(tenant.key())
                .body("application/jsonl", jsonl)
                .send();
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        return reply.json().path("field").asString();
    }

    private Api.Reply submit(String jsonl, String key) {
        return api.call("POST", "/v1/batches")
                .key(tenant.key())
                .header("Idempotency-Key", key)
                .body("application/jsonl", jsonl)
                .send();
    }
}
