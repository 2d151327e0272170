package dev.conveyor.router.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The router's own port answers every error as an RFC 9457 problem, the container's refusals included. */
class RouterPortProblemsTest extends RouterPortTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
