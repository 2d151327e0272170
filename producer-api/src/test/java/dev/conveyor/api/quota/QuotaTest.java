package dev.conveyor.api.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QuotaTest extends ApiTest {

    @AfterEach
    void billingUp() {
        billing.down(false);
    }

    @Test
    void aTenantOverItsMonthlyBudgetGets429NamingTheLimit() {
        Tenant tenant = newTenant();
        billing.budget(tenant.id(), "{\"tenant\":\"%s\",\"monthly_budget_usd\":\"10.00\"}".formatted(tenant.id()));
        billing.usage(tenant.id(), 1000, 1000, "10.000000001");

        Api.Reply job = api.post("/v1/jobs", tenant.key(), job("hi"));
        Api.Reply batch = api.call("POST", "/v1/batches")
                .key(tenant.key())
                .body("application/jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .send();

        assertThat(job.status()).isEqualTo(429);
        assertThat(job.contentType()).startsWith("application/problem+json");
        assertThat(job.json().path("limit").asString()).isEqualTo("monthly_budget_usd");
        assertThat(job.json().path("limit_value").asString()).isEqualTo("10");
        assertThat(job.json().path("used").asString()).isEqualTo("10.000000001");
        assertThat(job.header("Retry-After")).isPresent();
        assertThat(batch.status()).isEqualTo(429);
        assertThat(produced(j -> j.getTenantId().equals(tenant.id()))).isEmpty();
    }

    @Test
    void theQuotaShowsTheMonthsProjectedSpendAndWhetherItReachesTheBudget() {
        Tenant tenant = newTenant();
        billing.budget(tenant.id(), "{\"monthly_budget_usd\":\"10.00\"}");
        billing.usage(tenant.id(), 1000, 1000, "4.5");
        billing.projection(tenant.id(), "12.250000000");

        Api.Reply quota = api.get("/v1/quota", tenant.key());

        assertThat(quota.status()).isEqualTo(200);
        assertThat(quota.json().path("projected_month_usd").asString()).isEqualTo("12.25");
        assertThat(quota.json().path("projected_over_budget").asBoolean()).isTrue();
    }

    @Test
    void aTenantOverItsTokenQuotaGets429NamingTheLimit() {
        Tenant tenant = newTenant();
        billing.budget(tenant.id(), "{\"monthly_budget_usd\":null,\"monthly_token_quota\":5000}");
        billing.usage(tenant.id(), 4000, 1000, "0.5");

        Api.Reply reply = api.post("/v1/jobs", tenant.key(), job("hi"));

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json().path("limit").asString()).isEqualTo("monthly_token_quota");
        assertThat(reply.json().path("used").asString()).isEqualTo("5000");
    }

    @Test
    void aTenantUnderItsLimitsOrWithoutABudgetIsAccepted() {
        Tenant under = newTenant();
        Tenant unlimited = newTenant();
        billing.budget(under.id(), "{\"monthly_budget_usd\":\"10\",\"monthly_token_quota\":5000}");
        billing.usage(under.id(), 4000, 999, "9.99");

        assertThat(api.post("/v1/jobs", under.key(), job("hi")).status()).isEqualTo(202);
        assertThat(api.post("/v1/jobs", unlimited.key(), job("hi")).status()).isEqualTo(202);
        assertThat(api.get("/v1/quota", under.key()).json().path("tokens").asLong())
                .isEqualTo(4999);
    }

    @Test
    void theAdminSetsABudgetThroughBillingAndItAppliesAtOnce() {
        Tenant tenant = newTenant();
        billing.usage(tenant.id(), 10, 10, "0.01");
        assertThat(api.post("/v1/jobs", tenant.key(), job("hi")).status()).isEqualTo(202);

        Api.Reply set = api.call("PUT", "/v1/admin/tenants/" + tenant.id() + "/budget")
                .key(ADMIN_KEY)
                .json("{\"monthly_token_quota\":20}")
                .send();

        assertThat(set.status()).isEqualTo(200);
        assertThat(api.get("/v1/admin/tenants/" + tenant.id() + "/budget", ADMIN_KEY)
                        .json()
                        .path("monthly_token_quota")
                        .asLong())
                .isEqualTo(20);
        assertThat(api.post("/v1/jobs", tenant.key(), job("hi")).status()).isEqualTo(429);
        assertThat(api.call("PUT", "/v1/admin/tenants/" + tenant.id() + "/budget")
                        .key(tenant.key())
                        .json("{\"monthly_token_quota\":999999}")
                        .send()
                        .status())
                .isEqualTo(403);
    }

    @Test
    void theAdminSetsABudgetsPolicyAndAnUnknownPolicyIsAProblemNamingIt() {
        Tenant tenant = newTenant();

        Api.Reply hold = api.call("PUT", "/v1/admin/tenants/" + tenant.id() + "/budget")
                .key(ADMIN_KEY)
                .json("{\"monthly_budget_usd\":\"5.00\",\"policy\":\"hold\"}")
                .send();
        Api.Reply queue = api.call("PUT", "/v1/admin/tenants/" + tenant.id() + "/budget")
                .key(ADMIN_KEY)
                .json("{\"monthly_budget_usd\":\"5.00\",\"policy\":\"queue\"}")
                .send();

        assertThat(hold.status()).isEqualTo(200);
        assertThat(api.get("/v1/admin/tenants/" + tenant.id() + "/budget", ADMIN_KEY)
                        .json()
                        .path("policy")
                        .asString())
                .isEqualTo("hold");
        assertThat(queue.status()).isEqualTo(400);
        assertThat(queue.json().path("field").asString()).isEqualTo("/policy");
    }

    @Test
    void whileBillingIsDownJobsAreStillAcceptedAndUsageIs503() {
        Tenant tenant = newTenant();
        billing.down(true);

        assertThat(api.post("/v1/jobs", tenant.key(), job("hi")).status()).isEqualTo(202);
        Api.Reply usage = api.get("/v1/usage", tenant.key());
        assertThat(usage.status()).isEqualTo(503);
        assertThat(usage.header("Retry-After")).isPresent();
    }

    @Test
    void aTenantsRequestRateIsLimitedWithRetryAfter() {
        Tenant limited = newTenant(2);
        Tenant free = newTenant();

        Api.Reply first = api.post("/v1/jobs", limited.key(), job("1"));
        Api.Reply second = api.get("/v1/jobs/" + first.json().path("job_id").asString(), limited.key());
        Api.Reply third = api.post("/v1/jobs", limited.key(), job("3"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(200);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.json().path("limit").asString()).isEqualTo("requests_per_minute");
        assertThat(third.header("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/v1/jobs", free.key(), job("free")).status()).isEqualTo(202);
        }
    }

    @Test
    void raisingATenantsRateLimitAppliesToItsNextRequest() {
        Tenant tenant = newTenant(1);
        assertThat(api.post("/v1/jobs", tenant.key(), job("1")).status()).isEqualTo(202);
        assertThat(api.post("/v1/jobs", tenant.key(), job("2")).status()).isEqualTo(429);

        api.call("PATCH", "/v1/admin/tenants/" + tenant.id())
                .key(ADMIN_KEY)
                .json("{\"requests_per_minute\":0}")
                .send();

        assertThat(api.post("/v1/jobs", tenant.key(), job("3")).status()).isEqualTo(202);
    }
}
