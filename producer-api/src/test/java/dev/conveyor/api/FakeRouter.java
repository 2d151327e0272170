package dev.conveyor.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A router-worker's {@code /actuator/providers} as producer-api uses it: the provider list (none)
 * and the health check of {@code openai}, the one provider it knows; any other name is a 404, as
 * the router answers (its Spring MVC matches the path as sent, so a name {@code ..} is a name too).
 */
public final class FakeRouter implements AutoCloseable {

    /** The one provider this router has. */
    public static final String PROVIDER = "openai";

    private final HttpServer server;

    public FakeRouter() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            boolean post = exchange.getRequestMethod().equals("POST");
            if (!post && path.equals("/actuator/providers")) {
                respond(exchange, 200, "{\"providers\":[]}");
            } else if (post && path.equals("/actuator/providers/" + PROVIDER)) {
                respond(exchange, 200, """
                        {"provider":"openai","enabled":true,"checkedAt":"2026-12-01T00:00:00Z",
                         "models":[{"model":"gpt-4.1-mini","outcome":"ok","errorType":null,"message":null,"latencyMs":12}]}
                        """);
            } else {
                respond(exchange, 404, "");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
