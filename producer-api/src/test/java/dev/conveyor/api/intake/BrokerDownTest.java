package dev.conveyor.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.Api;
import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.embedded.Ports;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With no broker to acknowledge, nothing is accepted: 503 with Retry-After, and no job is recorded. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=producer-api",
            "spring.kafka.admin.auto-create=false",
            "spring.kafka.listener.auto-startup=false",
            "spring.kafka.producer.properties.max.block.ms=500",
            "conveyor.api.kafka-ack-timeout=2s"
        })
class BrokerDownTest {

    private static final Infrastructure infra = Infrastructure.shared();
    private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + Ports.free());
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl());
        registry.add("spring.datasource.username", () -> infra.postgres().username());
        registry.add("spring.datasource.password", () -> infra.postgres().password());
        registry.add("conveyor.registry.url", () -> infra.registry().apiUrl());
        registry.add("conveyor.api.admin-key", () -> ADMIN_KEY);
        registry.add("conveyor.api.billing-url", () -> "http://127.0.0.1:" + Ports.free());
    }

    @LocalServerPort
    int port;

    private Api api;
    private String key;

    @BeforeEach
    void tenant() {
        api = new Api("http://127.0.0.1:" + port);
        String tenant = "down-" + UUID.randomUUID();
        api.post("/v1/admin/tenants", ADMIN_KEY, "{\"id\":\"" + tenant + "\"}");
        key = api.post("/v1/admin/tenants/" + tenant + "/keys", ADMIN_KEY, "{}")
                .json()
                .path("key")
                .asString();
    }

    @Test
    void aJobIsRefusedWith503AndRetryAfterAndIsNotRecorded() {
        String jobId = "down-" + UUID.randomUUID();

        Api.Reply reply = api.post("/v1/jobs", key, """
                {"job_id":"%s","messages":[{"role":"user","content":"hi"}]}""".formatted(jobId));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isPresent();
        assertThat(reply.json().path("type").asString()).endsWith("/broker-unavailable");
        assertThat(api.get("/v1/jobs/" + jobId, key).status()).isEqualTo(404);
    }

    @Test
    void aBatchIsRefusedWith503AndIsNotRecorded() {
        Api.Reply reply = api.call("POST", "/v1/batches")
                .key(key)
                .body("application/jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n".repeat(3))
                .send();

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isPresent();
        assertThat(api.get("/v1/batches", key).json().path("data")).isEmpty();
    }
}
