package dev.conveyor.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenApiTest extends ApiTest {

    @Test
    void theOpenApiDocumentIsServedWithoutAKeyAndDescribesTheApi() {
        Api.Reply reply = api.get("/v3/api-docs", null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode doc = reply.json();
        assertThat(doc.path("openapi").asString()).startsWith("3.");
        assertThat(doc.path("paths").propertyNames())
                .contains(
                        "/v1/jobs",
                        "/v1/jobs/{jobId}",
                        "/v1/batches",
                        "/v1/batches/{batchId}",
                        "/v1/batches/{batchId}/results",
                        "/v1/templates",
                        "/v1/usage",
                        "/v1/quota",
                        "/v1/admin/tenants",
                        "/v1/admin/tenants/{tenantId}/keys");
        assertThat(doc.path("components")
                        .path("securitySchemes")
                        .path("apiKey")
                        .path("scheme")
                        .asString())
                .isEqualTo("bearer");
        assertThat(doc.path("paths")
                        .path("/v1/batches")
                        .path("post")
                        .path("requestBody")
                        .path("content")
                        .propertyNames())
                .contains("application/jsonl", "application/x-ndjson", "application/json");
        assertThat(doc.path("paths")
                        .path("/v1/usage")
                        .path("get")
                        .path("description")
                        .asString())
                .contains("batch_savings_usd");
        assertThat(reply.body()).doesNotContain("\"caller\"");
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }
}
