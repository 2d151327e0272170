package dev.conveyor.router.admin;

import dev.conveyor.embedded.HostileInput;
import dev.conveyor.embedded.HostileInput.Reply;
import dev.conveyor.embedded.Infrastructure;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The router on a random port against a real broker, registry and PostgreSQL, for tests of what
 * its port answers. Every test class extending this shares one application context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=router-worker", "conveyor.router.tenants.must-exist=false"})
abstract class RouterPortTest {

    static final Infrastructure infra = Infrastructure.shared();
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = "router-port-" + UUID.randomUUID();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl());
        registry.add("spring.datasource.username", () -> infra.postgres().username());
        registry.add("spring.datasource.password", () -> infra.postgres().password());
        registry.add("conveyor.registry.url", () -> infra.registry().apiUrl());
        registry.add("conveyor.router.topics.requests", () -> PREFIX + ".requests");
        registry.add("conveyor.router.topics.results", () -> PREFIX + ".results");
        registry.add("conveyor.router.topics.usage", () -> PREFIX + ".usage");
        registry.add("conveyor.router.topics.dead-letter", () -> PREFIX + ".dlt");
        registry.add("spring.kafka.consumer.group-id", () -> PREFIX);
    }

    /** Sends {@code head} (request line and headers, ending in an empty line) and {@code body} as they are. */
    Reply raw(String head, byte[] body) {
        return HostileInput.send(port, head, body);
    }
}
