package dev.conveyor.router.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.embedded.Infrastructure;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The router's own port answers every error as an RFC 9457 problem, the container's refusals included. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=router-worker", "conveyor.router.tenants.must-exist=false"})
class RouterPortProblemsTest {

    private static final Infrastructure infra = Infrastructure.shared();
    private static final String PREFIX = "router-port-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    @Test
    void anUnknownPathAndAWrongMethodAreTypedProblems() throws Exception {
        HttpResponse<String> unknown =
                send(HttpRequest.newBuilder(uri("/v1/no-such-thing")).GET());
        HttpResponse<String> wrongMethod =
                send(HttpRequest.newBuilder(uri("/actuator/circuits")).DELETE());

        for (HttpResponse<String> response : java.util.List.of(unknown, wrongMethod)) {
            assertThat(response.statusCode()).isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).path("type").asString())
                    .startsWith("https://conveyor.dev/problems/");
        }
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void aPathTomcatRefusesItselfIsAProblemNotAnHtmlPage() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write("GET /actuator%2f..%2fcircuits HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(reply)
                    .startsWith("HTTP/1.1 400")
                    .contains("application/problem+json")
                    .contains("\"type\":\"https://conveyor.dev/problems/")
                    .doesNotContain("<html");
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
