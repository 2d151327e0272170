package dev.conveyor.api.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import dev.conveyor.schemas.CompletionRequest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BatchStatusTest extends ApiTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;

    @Test
    void theRequestCountsSayHowManyWaitingJobsTheRouterDeferredAndHowManyAreInAProviderBatch() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        String batchId = submit(tenant, 4);
        String laterBatch = submit(tenant, 1);
        // the router's table, as the router creates it; it does not exist before the router first ran
        jdbc.sql("DROP TABLE IF EXISTS routing.deferred_jobs").update();

        JsonNode beforeTheRouter =
                api.get("/v1/batches/" + batchId, tenant.key()).json();
        assertThat(beforeTheRouter.path("request_counts").path("deferred").asInt())
                .isZero();
        assertThat(beforeTheRouter
                        .path("request_counts")
                        .path("in_provider_batch")
                        .asInt())
                .isZero();
        assertThat(beforeTheRouter.path("request_counts").path("total").asInt()).isEqualTo(4);

        jdbc.sql("CREATE SCHEMA IF NOT EXISTS routing").update();
        jdbc.sql("""
                        CREATE TABLE IF NOT EXISTS routing.deferred_jobs (
                            tenant_id text NOT NULL, job_id text NOT NULL, api_batch_id text, provider text NOT NULL,
                            model text NOT NULL, provider_batch text, deferred_at timestamptz NOT NULL,
                            PRIMARY KEY (tenant_id, job_id))""").update();
        deferredJob(tenant.id(), batchId + "-1", batchId, null);
        deferredJob(tenant.id(), batchId + "-2", batchId, null);
        deferredJob(tenant.id(), batchId + "-3", batchId, "batch_69a1c0ffee");
        deferredJob(tenant.id(), laterBatch + "-1", laterBatch, "msgbatch_01");
        deferredJob(tenant.id(), "single-job", null, null);
        deferredJob(other.id(), batchId + "-4", batchId, null); // another tenant's job never counts

        JsonNode counts = api.get("/v1/batches/" + batchId, tenant.key()).json().path("request_counts");
        assertThat(counts.path("deferred").asInt()).isEqualTo(2);
        assertThat(counts.path("in_provider_batch").asInt()).isEqualTo(1);
        assertThat(counts.path("total").asInt()).isEqualTo(4);
        assertThat(counts.path("waiting").asInt()).isEqualTo(4);
        assertThat(counts.path("completed").asInt()).isZero();
        JsonNode later =
                api.get("/v1/batches/" + laterBatch, tenant.key()).json().path("request_counts");
        assertThat(later.path("deferred").asInt()).isZero();
        assertThat(later.path("in_provider_batch").asInt()).isEqualTo(1);
        assertThat(api.get("/v1/batches", tenant.key()).json().path("data"))
                .anySatisfy(b -> assertThat(
                                b.path("request_counts").path("deferred").asInt())
                        .isEqualTo(2));

        // the router deletes a job's row once its result is published
        List<CompletionRequest> jobs = jobsOf(batchId);
        jdbc.sql("DELETE FROM routing.deferred_jobs WHERE job_id = ?")
                .param(batchId + "-3")
                .update();
        publish(result(jobs.get(2), true));
        JsonNode after = awaitBatch(
                tenant, batchId, b -> b.path("request_counts").path("completed").asInt() == 1);
        assertThat(after.path("request_counts").path("in_provider_batch").asInt())
                .isZero();
        assertThat(after.path("request_counts").path("deferred").asInt()).isEqualTo(2);
        assertThat(after.path("request_counts").path("waiting").asInt()).isEqualTo(3);
    }

    private void deferredJob(String tenantId, String jobId, String apiBatchId, String providerBatch) {
        jdbc.sql("""
                        INSERT INTO routing.deferred_jobs
                            (tenant_id, job_id, api_batch_id, provider, model, provider_batch, deferred_at)
                        VALUES (?, ?, ?, 'openai', 'gpt-4.1-mini', ?, now())""").params(tenantId, jobId, apiBatchId, providerBatch).update();
    }

    @Test
    void aBatchCountsItsResultsAsTheyArriveAndCompletesWithTheLast() {
        Tenant tenant = newTenant();
        String batchId = submit(tenant, 3);
        List<CompletionRequest> jobs = jobsOf(batchId);

        publish(result(jobs.get(0), true), result(jobs.get(1), false));
        JsonNode partial = awaitBatch(
                tenant, batchId, b -> b.path("request_counts").path("failed").asInt() == 1);
        assertThat(partial.path("status").asString()).isEqualTo("in_progress");
        assertThat(partial.path("request_counts").path("completed").asInt()).isEqualTo(1);
        assertThat(partial.path("request_counts").path("waiting").asInt()).isEqualTo(1);
        assertThat(partial.path("cost_usd").asString()).isEqualTo("0.000096");
        assertThat(partial.has("completed_at")).isFalse();

        publish(result(jobs.get(2), true));
        JsonNode done = awaitBatch(
                tenant, batchId, b -> "completed".equals(b.path("status").asString()));
        assertThat(done.path("request_counts").path("total").asInt()).isEqualTo(3);
        assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(2);
        assertThat(done.path("request_counts").path("waiting").asInt()).isZero();
        assertThat(done.path("cost_usd").asString()).isEqualTo("0.000192");
        assertThat(done.path("usage").path("input_tokens").asLong()).isEqualTo(240);
        assertThat(done.path("completed_at").asLong()).isPositive();
        assertThat(api.get("/v1/batches", tenant.key()).json().path("data"))
                .singleElement()
                .satisfies(b -> assertThat(b.path("id").asString()).isEqualTo(batchId));
    }

    @Test
    void resultsAreJsonlInOpenAisBatchOutputShapeInLineOrder() {
        Tenant tenant = newTenant();
        String batchId = submit(tenant, 3);
        List<CompletionRequest> jobs = jobsOf(batchId);
        publish(result(jobs.get(2), true), result(jobs.get(0), true), result(jobs.get(1), false));
        awaitBatch(tenant, batchId, b -> "completed".equals(b.path("status").asString()));

        Api.Reply reply = api.get("/v1/batches/" + batchId + "/results", tenant.key());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/jsonl");
        List<JsonNode> lines = reply.body().lines().map(json::readTree).toList();
        assertThat(lines).extracting(l -> l.path("custom_id").asString()).containsExactly("c-1", "c-2", "c-3");
        JsonNode ok = lines.getFirst();
        assertThat(ok.path("id").asString()).isEqualTo(batchId + "-1");
        assertThat(ok.path("error").isNull()).isTrue();
        assertThat(ok.path("response").path("status_code").asInt()).isEqualTo(200);
        JsonNode body = ok.path("response").path("body");
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("model").asString()).isEqualTo("gpt-4.1-mini");
        assertThat(body.path("choices").path(0).path("message").path("content").asString())
                .isEqualTo("Answer to " + batchId + "-1");
        assertThat(body.path("choices").path(0).path("finish_reason").asString())
                .isEqualTo("stop");
        assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(120);
        assertThat(body.path("usage").path("completion_tokens").asLong()).isEqualTo(30);
        assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(150);
        assertThat(body.path("usage")
                        .path("prompt_tokens_details")
                        .path("cached_tokens")
                        .asLong())
                .isEqualTo(20);
        JsonNode failed = lines.get(1);
        assertThat(failed.path("response").isNull()).isTrue();
        assertThat(failed.path("error").path("code").asString()).isEqualTo("INVALID_REQUEST");
        assertThat(failed.path("error").path("message").asString()).isEqualTo("the provider refused the prompt");
    }

    @Test
    void anotherTenantsBatchAndItsResultsAreNotFound() {
        Tenant owner = newTenant();
        Tenant other = newTenant();
        String batchId = submit(owner, 1);

        assertThat(api.get("/v1/batches/" + batchId, other.key()).status()).isEqualTo(404);
        Api.Reply results = api.get("/v1/batches/" + batchId + "/results", other.key());
        assertThat(results.status()).isEqualTo(404);
        assertThat(results.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/v1/batches", other.key()).json().path("data")).isEmpty();
        assertThat(api.get("/v1/jobs/" + batchId + "-1", other.key()).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantClaimingABatchsJobIdsBeforehandNeitherBlocksTheBatchNorAnswersIt() {
        Tenant owner = newTenant();
        Tenant squatter = newTenant();
        String key = "key-" + java.util.UUID.randomUUID();
        String batchId = dev.conveyor.api.intake.IdempotencyKeys.batchId(owner.id(), key);
        Api.Reply claimed = api.post("/v1/jobs", squatter.key(), """
                {"job_id":"%s-1","messages":[{"role":"user","content":"mine now"}]}""".formatted(batchId));
        assertThat(claimed.status()).isEqualTo(202);

        Api.Reply accepted = api.call("POST", "/v1/batches")
                .key(owner.key())
                .header("Idempotency-Key", key)
                .body("application/jsonl", BatchIntakeTest.line("c-1", BatchIntakeTest.chat("Review class C1")))
                .send();
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().path("id").asString()).isEqualTo(batchId);
        CompletionRequest ownersJob =
                produced(j -> batchId.equals(j.getBatchId())).getFirst();
        CompletionRequest squattersJob = produced(j ->
                        j.getJobId().equals(batchId + "-1") && j.getTenantId().equals(squatter.id()))
                .getFirst();
        publish(result(squattersJob, false));
        publish(result(ownersJob, true));

        awaitBatch(owner, batchId, b -> "completed".equals(b.path("status").asString()));
        List<JsonNode> lines = api.get("/v1/batches/" + batchId + "/results", owner.key())
                .body()
                .lines()
                .map(json::readTree)
                .toList();
        assertThat(lines)
                .singleElement()
                .satisfies(l -> assertThat(l.path("response")
                                .path("body")
                                .path("choices")
                                .path(0)
                                .path("message")
                                .path("content")
                                .asString())
                        .isEqualTo("Answer to " + batchId + "-1"));
        assertThat(api.get("/v1/jobs/" + batchId + "-1", squatter.key())
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("failed");
    }

    private String submit(Tenant tenant, int jobs) {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 1; i <= jobs; i++) {
            jsonl.append(BatchIntakeTest.line("c-" + i, BatchIntakeTest.chat("Review class C" + i)))
                    .append('\n');
        }
        Api.Reply reply = api.call("POST", "/v1/batches")
                .key(tenant.key())
                .body("application/jsonl", jsonl.toString())
                .send();
        assertThat(reply.status()).isEqualTo(202);
        return reply.json().path("id").asString();
    }

    private static List<CompletionRequest> jobsOf(String batchId) {
        return produced(j -> batchId.equals(j.getBatchId())).stream()
                .sorted(Comparator.comparing(CompletionRequest::getJobId))
                .toList();
    }

    private JsonNode awaitBatch(Tenant tenant, String batchId, java.util.function.Predicate<JsonNode> ready) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/v1/batches/" + batchId, tenant.key()).json(), ready::test);
    }
}
