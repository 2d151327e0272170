package dev.conveyor.router.admin;

import dev.conveyor.embedded.Infrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

    /** An answer as it came off the wire. */
    record Reply(int status, String contentType, String body) {}

    /** Sends {@code head} (request line and headers, ending in an empty line) and {@code body} as they are. */
    Reply raw(String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String headers = split < 0 ? text : text.substring(0, split);
            String content = split < 0 ? "" : text.substring(split + 4);
            if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
                content = dechunk(content);
            }
            String type = headers.lines()
                    .filter(l -> l.toLowerCase().startsWith("content-type:"))
                    .map(l -> l.substring("content-type:".length()).strip())
                    .findFirst()
                    .orElse("");
            return new Reply(Integer.parseInt(headers.substring(9, 12)), type, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
