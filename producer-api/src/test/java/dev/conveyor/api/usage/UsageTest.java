package dev.conveyor.api.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import org.junit.jupiter.api.Test;

class UsageTest extends ApiTest {

    @Test
    void aTenantReadsItsOwnUsageFromBillingAndAnotherTenantsIsNotFound() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        billing.usage(tenant.id(), 1200, 300, "0.000960000");
        billing.batchSavings(tenant.id(), "0.000480000");

        Api.Reply own = api.get("/v1/usage", tenant.key());
        Api.Reply named = api.get("/v1/usage?tenant=" + tenant.id() + "&from=2026-01-01", tenant.key());
        Api.Reply foreign = api.get("/v1/usage?tenant=" + tenant.id(), other.key());

        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("tenant").asString()).isEqualTo(tenant.id());
        assertThat(own.json().path("input_tokens").asLong()).isEqualTo(1200);
        assertThat(own.json().path("cost_usd").asString()).isEqualTo("0.000960000");
        assertThat(own.json().path("batch_savings_usd").asString())
                .as("what deferral saved passes through as billing wrote it")
                .isEqualTo("0.000480000");
        assertThat(named.json().path("output_tokens").asLong()).isEqualTo(300);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("1200");
        assertThat(api.get("/v1/usage", other.key()).json().path("input_tokens").asLong())
                .isZero();
    }

    @Test
    void theAdminReadsTheMonthsReconciliationFromBillingAndATenantMayNot() {
        Tenant tenant = newTenant();

        Api.Reply admin = api.get("/v1/admin/reconciliation?month=2026-11", ADMIN_KEY);
        Api.Reply asTenant = api.get("/v1/admin/reconciliation?month=2026-11", tenant.key());

        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().path("month").asString()).isEqualTo("2026-11");
        assertThat(asTenant.status()).isIn(401, 403);
    }
}
