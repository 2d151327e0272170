package dev.conveyor.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import dev.conveyor.schemas.CompletionRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobIntakeTest extends ApiTest {

    @Test
    void anAcceptedJobIsOnTheTopicUnderTheKeysTenantAndQueued() {
        Tenant tenant = newTenant();

        Api.Reply reply = api.post("/v1/jobs", tenant.key(), """
                {"task_type":"refactoring","max_tokens":300,"temperature":0.2,"model":"gpt-4.1-mini",
                 "metadata":{"repo":"shop"},"system_prompt":"Be brief",
                 "messages":[{"role":"user","content":"Refactor class Cart"}]}
                """);

        assertThat(reply.status()).isEqualTo(202);
        String jobId = reply.json().path("job_id").asString();
        assertThat(reply.header("Location")).hasValue("/v1/jobs/" + jobId);
        CompletionRequest sent = produced(j -> j.getJobId().equals(jobId)).getFirst();
        assertThat(sent.getTenantId()).isEqualTo(tenant.id());
        assertThat(sent.getTaskType()).isEqualTo("refactoring");
        assertThat(sent.getModel()).isEqualTo("gpt-4.1-mini");
        assertThat(sent.getMaxTokens()).isEqualTo(300);
        assertThat(sent.getSystemPrompt()).isEqualTo("Be brief");
        assertThat(sent.getMetadata()).containsEntry("repo", "shop");
        assertThat(api.get("/v1/jobs/" + jobId, tenant.key())
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("queued");
    }

    @Test
    void aJobWithoutTaskTypeOrMaxTokensGetsTheConfiguredDefaults() {
        Tenant tenant = newTenant();

        Api.Reply reply = api.post("/v1/jobs", tenant.key(), """
                {"messages":[{"role":"user","content":"Document class Cart"}]}
                """);

        String jobId = reply.json().path("job_id").asString();
        CompletionRequest sent = produced(j -> j.getJobId().equals(jobId)).getFirst();
        assertThat(sent.getTaskType()).isEqualTo("code_analysis");
        assertThat(sent.getMaxTokens()).isEqualTo(1024);
    }

    @Test
    void aTenantIdInTheBodyMustBeTheKeysTenant() {
        Tenant tenant = newTenant();

        Api.Reply other = api.post("/v1/jobs", tenant.key(), """
                {"tenant_id":"someone-else","messages":[{"role":"user","content":"hi"}]}
                """);
        Api.Reply same = api.post("/v1/jobs", tenant.key(), """
                {"tenant_id":"%s","messages":[{"role":"user","content":"hi"}]}
                """.formatted(tenant.id()));

        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().path("field").asString()).isEqualTo("/tenant_id");
        assertThat(same.status()).isEqualTo(202);
    }

    @Test
    void theSameIdempotencyKeyAnswersTheFirstJobAndProducesNoSecond() {
        Tenant tenant = newTenant();
        String key = UUID.randomUUID().toString();

        Api.Reply first = submitWithKey(tenant, key, job("Review class Cart"));
        Api.Reply again = submitWithKey(tenant, key, job("Review class Cart"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        String jobId = first.json().path("job_id").asString();
        assertThat(again.json().path("job_id").asString()).isEqualTo(jobId);
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        assertThat(produced(j -> j.getJobId().equals(jobId))).hasSize(1);
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBodyIs422AndTwoTenantsMayUseTheSameKey() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        String key = UUID.randomUUID().toString();
        String firstJob =
                submitWithKey(tenant, key, job("one")).json().path("job_id").asString();

        Api.Reply changed = submitWithKey(tenant, key, job("two"));
        Api.Reply otherTenant = submitWithKey(other, key, job("two"));

        assertThat(changed.status()).isEqualTo(422);
        assertThat(otherTenant.status()).isEqualTo(202);
        assertThat(otherTenant.json().path("job_id").asString()).isNotEqualTo(firstJob);
    }

    @Test
    void aClientJobIdIsIdempotentWithinItsTenantAndAnotherTenantsUseOfItIsIndistinguishableFromAFreeId() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        String jobId = "client-" + UUID.randomUUID();
        String body = """
                {"job_id":"%s","messages":[{"role":"user","content":"Review class Cart"}]}
                """.formatted(jobId);

        List<Integer> statuses = List.of(
                api.post("/v1/jobs", other.key(), body.replace("Cart", "Order")).status(),
                api.post("/v1/jobs", tenant.key(), body).status(),
                api.post("/v1/jobs", tenant.key(), body).status(),
                api.post("/v1/jobs", tenant.key(), body.replace("Cart", "Basket"))
                        .status());

        assertThat(statuses).containsExactly(202, 202, 202, 409);
        assertThat(produced(j -> j.getJobId().equals(jobId)))
                .extracting(CompletionRequest::getTenantId)
                .containsExactlyInAnyOrder(tenant.id(), other.id());
        assertThat(api.get("/v1/jobs/" + jobId, tenant.key())
                        .json()
                        .path("tenant_id")
                        .asString())
                .isEqualTo(tenant.id());
        assertThat(api.get("/v1/jobs/" + jobId, other.key())
                        .json()
                        .path("tenant_id")
                        .asString())
                .isEqualTo(other.id());
    }

    @Test
    void aBadIdempotencyKeyIsAProblemNamingTheHeader() {
        Tenant tenant = newTenant();

        Api.Reply reply = submitWithKey(tenant, "has spaces in it", job("hi"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("field").asString()).isEqualTo("Idempotency-Key");
    }

    private Api.Reply submitWithKey(Tenant tenant, String key, String body) {
        return api.call("POST", "/v1/jobs")
                .key(tenant.key())
                .header("Idempotency-Key", key)
                .json(body)
                .send();
    }
}
