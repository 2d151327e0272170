package dev.conveyor.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(OutputCaptureExtension.class)
class AuthenticationTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRequestWithoutAKeyIsA401Problem() {
        Api.Reply reply = api.get("/v1/jobs/anything", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.header("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(reply.json().path("title").asString()).isEqualTo("Unauthenticated");
    }

    @Test
    void unknownMalformedAndNonBearerKeysAre401() {
        String unknown = "cvk_0123456789abcdef_" + "A".repeat(43);
        assertThat(api.get("/v1/jobs/x", unknown).status()).isEqualTo(401);
        assertThat(api.get("/v1/jobs/x", "not-a-key").status()).isEqualTo(401);
        assertThat(api.call("GET", "/v1/jobs/x")
                        .header("Authorization", "Basic dXNlcjpwYXNz")
                        .send()
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aKeyWithTheRightIdButAWrongSecretIs401() {
        Tenant tenant = newTenant();
        String forged = tenant.key().substring(0, tenant.key().length() - 4) + "AAAA";

        assertThat(api.post("/v1/jobs", forged, job("hello")).status()).isEqualTo(401);
        assertThat(api.post("/v1/jobs", tenant.key(), job("hello")).status()).isEqualTo(202);
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnceWhileTheTenantsOtherKeysWork() {
        Tenant tenant = newTenant();
        Api.Reply second = api.post("/v1/admin/tenants/" + tenant.id() + "/keys", ADMIN_KEY, "{}");
        String keyId = tenant.key().split("_")[1];

        Api.Reply revoked = api.call("DELETE", "/v1/admin/tenants/" + tenant.id() + "/keys/" + keyId)
                .key(ADMIN_KEY)
                .send();

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(api.post("/v1/jobs", tenant.key(), job("hi")).status()).isEqualTo(401);
        assertThat(api.post("/v1/jobs", second.json().path("key").asString(), job("hi"))
                        .status())
                .isEqualTo(202);
        assertThat(api.get("/v1/admin/tenants/" + tenant.id() + "/keys", ADMIN_KEY)
                        .json())
                .anySatisfy(k -> {
                    assertThat(k.path("id").asString()).isEqualTo(keyId);
                    assertThat(k.path("revoked_at").isMissingNode()).isFalse();
                });
    }

    @Test
    void tenantKeysCannotUseTheAdminApiAndTheAdminKeyCannotSubmitJobs() {
        Tenant tenant = newTenant();

        Api.Reply asTenant = api.post("/v1/admin/tenants", tenant.key(), "{\"id\":\"sneaky\"}");
        Api.Reply asAdmin = api.post("/v1/jobs", ADMIN_KEY, job("hi"));

        assertThat(asTenant.status()).isEqualTo(403);
        assertThat(asAdmin.status()).isEqualTo(403);
        assertThat(api.get("/v1/admin/tenants/sneaky", ADMIN_KEY).status()).isEqualTo(404);
    }

    @Test
    void aKeyIsShownOnceAndStoredOnlyAsASaltedHash() {
        Tenant tenant = newTenant();
        Api.Reply second = api.post("/v1/admin/tenants/" + tenant.id() + "/keys", ADMIN_KEY, "{}");
        String[] parts = tenant.key().split("_", 3);

        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM intake.api_keys WHERE tenant_id = :t")
                .param("t", tenant.id())
                .query()
                .listOfRows();

        assertThat(rows).hasSize(2);
        for (Map<String, Object> row : rows) {
            for (Object value : row.values()) {
                String text = value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(value);
                assertThat(text).doesNotContain(parts[2]);
            }
        }
        Map<String, Object> first = rows.stream()
                .filter(r -> r.get("key_id").equals(parts[1]))
                .findFirst()
                .orElseThrow();
        assertThat((byte[]) first.get("key_hash")).isEqualTo(KeyMaterial.hash((byte[]) first.get("salt"), parts[2]));
        assertThat(rows.get(0).get("salt")).isNotEqualTo(rows.get(1).get("salt"));
        assertThat(api.get("/v1/admin/tenants/" + tenant.id() + "/keys", ADMIN_KEY)
                        .body())
                .doesNotContain(parts[2])
                .doesNotContain(second.json().path("key").asString().split("_", 3)[2]);
    }

    @Test
    void keysNeverAppearInLogsOrErrors(CapturedOutput output) {
        Tenant tenant = newTenant();
        String wrong = tenant.key().substring(0, tenant.key().length() - 1) + "x";
        String garbage = "secret-looking-garbage-" + tenant.id();

        billing.down(true); // so intake logs a warning naming the tenant: proof that logs are captured
        Api.Reply logged;
        try {
            logged = api.post("/v1/jobs", tenant.key(), job("hello"));
        } finally {
            billing.down(false);
        }
        List<Api.Reply> replies = List.of(
                logged,
                api.post("/v1/jobs", tenant.key(), "{not json"),
                api.post("/v1/jobs", wrong, job("hello")),
                api.post("/v1/jobs", garbage, job("hello")),
                api.post("/v1/admin/tenants", tenant.key(), "{}"),
                api.post("/v1/jobs", ADMIN_KEY, job("hello")),
                api.post("/v1/admin/tenants", ADMIN_KEY, "{\"id\":\"" + tenant.id() + "\"}"));

        assertThat(replies).extracting(Api.Reply::status).containsExactly(202, 400, 401, 401, 403, 403, 409);
        assertThat(output.getAll()).contains("Quota not checked for tenant " + tenant.id());
        for (String secret : List.of(tenant.key(), tenant.key().split("_", 3)[2], wrong, garbage, ADMIN_KEY)) {
            assertThat(output.getAll()).doesNotContain(secret);
            assertThat(replies).allSatisfy(r -> assertThat(r.body()).doesNotContain(secret));
        }
    }

    @Test
    void aTenantIdIsCheckedAndCannotBeCreatedTwice() {
        assertThat(api.post("/v1/admin/tenants", ADMIN_KEY, "{\"id\":\"has space\"}")
                        .json()
                        .path("field")
                        .asString())
                .isEqualTo("/id");
        Tenant tenant = newTenant();
        assertThat(api.post("/v1/admin/tenants", ADMIN_KEY, "{\"id\":\"" + tenant.id() + "\"}")
                        .status())
                .isEqualTo(409);
        assertThat(api.get("/v1/admin/tenants", ADMIN_KEY).json())
                .anySatisfy(t -> assertThat(t.path("id").asString()).isEqualTo(tenant.id()));
    }
}
