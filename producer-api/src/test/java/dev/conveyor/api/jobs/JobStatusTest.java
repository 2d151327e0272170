package dev.conveyor.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import dev.conveyor.schemas.Attempt;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JobStatusTest extends ApiTest {

    @Test
    void aJobIsQueuedUntilItsResultArrivesThenShowsResultModelUsageCostAndAttempts() {
        Tenant tenant = newTenant();
        String jobId = api.post("/v1/jobs", tenant.key(), job("Review Cart"))
                .json()
                .path("job_id")
                .asString();
        assertThat(api.get("/v1/jobs/" + jobId, tenant.key())
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("queued");
        CompletionRequest sent = produced(j -> j.getJobId().equals(jobId)).getFirst();

        publish(result(sent, true));

        JsonNode job = awaitFinal(tenant, jobId);
        assertThat(job.path("status").asString()).isEqualTo("succeeded");
        assertThat(job.path("content").asString()).isEqualTo("Answer to " + jobId);
        assertThat(job.path("model").asString()).isEqualTo("gpt-4.1-mini");
        assertThat(job.path("provider").asString()).isEqualTo("openai");
        assertThat(job.path("usage").path("input_tokens").asLong()).isEqualTo(120);
        assertThat(job.path("usage").path("output_tokens").asLong()).isEqualTo(30);
        assertThat(job.path("cost_usd").isString()).isTrue();
        assertThat(new java.math.BigDecimal(job.path("cost_usd").asString())).isEqualByComparingTo("0.000096");
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        assertThat(job.path("task_type").asString()).isEqualTo("code_analysis");
        assertThat(job.path("submitted_at").asString()).isNotBlank();
    }

    @Test
    void aFailedJobShowsItsErrorAndEveryAttempt() {
        Tenant tenant = newTenant();
        String jobId = api.post("/v1/jobs", tenant.key(), job("Review Cart"))
                .json()
                .path("job_id")
                .asString();
        publish(result(produced(j -> j.getJobId().equals(jobId)).getFirst(), false));

        JsonNode job = awaitFinal(tenant, jobId);

        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("error").path("type").asString()).isEqualTo("INVALID_REQUEST");
        assertThat(job.path("attempts").asInt()).as("its one failed call").isEqualTo(1);
        assertThat(job.path("fallbacks").asInt()).isZero();
    }

    @Test
    void aJobThatFellBackShowsTheModelsItGaveUpOnAndCallsMadeButNotSkippedOnes() {
        Tenant tenant = newTenant();
        String jobId = api.post("/v1/jobs", tenant.key(), job("Review Cart"))
                .json()
                .path("job_id")
                .asString();
        CompletionRequest sent = produced(j -> j.getJobId().equals(jobId)).getFirst();
        Instant at = Instant.now();
        publish(CompletionResult.newBuilder(result(sent, true))
                .setAttempts(List.of(
                        new Attempt("anthropic", "claude-sonnet-5", "SERVER_ERROR", "HTTP 500", at, 40L),
                        new Attempt("anthropic", "claude-sonnet-5", "SERVER_ERROR", "HTTP 500", at, 40L),
                        new Attempt("google", "gemini-3.5-flash", "CIRCUIT_OPEN", "circuit open; not called", at, 0L)))
                .build());

        JsonNode job = awaitFinal(tenant, jobId);

        assertThat(job.path("fallbacks").asInt())
                .as("claude-sonnet-5 and gemini-3.5-flash")
                .isEqualTo(2);
        assertThat(job.path("attempts").asInt())
                .as("two failed calls and the one that answered")
                .isEqualTo(3);
        assertThat(job.path("cache_hit").asBoolean()).isFalse();
    }

    @Test
    void aCacheHitMadeNoCall() {
        Tenant tenant = newTenant();
        String jobId = api.post("/v1/jobs", tenant.key(), job("Review Cart"))
                .json()
                .path("job_id")
                .asString();
        CompletionRequest sent = produced(j -> j.getJobId().equals(jobId)).getFirst();
        publish(CompletionResult.newBuilder(result(sent, true))
                .setCacheHit(true)
                .build());

        JsonNode job = awaitFinal(tenant, jobId);

        assertThat(job.path("cache_hit").asBoolean()).isTrue();
        assertThat(job.path("attempts").asInt()).isZero();
        assertThat(job.path("fallbacks").asInt()).isZero();
    }

    @Test
    void anotherTenantsJobIsNotFoundEvenOnceFinished() {
        Tenant owner = newTenant();
        Tenant other = newTenant();
        String jobId = api.post("/v1/jobs", owner.key(), job("Review Cart"))
                .json()
                .path("job_id")
                .asString();
        publish(result(produced(j -> j.getJobId().equals(jobId)).getFirst(), true));
        awaitFinal(owner, jobId);

        Api.Reply reply = api.get("/v1/jobs/" + jobId, other.key());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).doesNotContain("Answer to");
    }

    private JsonNode awaitFinal(Tenant tenant, String jobId) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/v1/jobs/" + jobId, tenant.key()).json(),
                        j -> !"queued".equals(j.path("status").asString()));
    }
}
