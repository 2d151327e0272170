package dev.conveyor.router.provider;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP server answering every request with one canned response, e.g. a body copied from a
 * provider's documentation; it remembers the last request it saw.
 */
public final class StubProvider implements AutoCloseable {

    /** The documented bodies kept beside the simulator, shared by its tests and the adapters'. */
    public static final Path FIXTURES = Path.of("../provider-sim/src/test/resources/fixtures");

    public record Seen(String method, String path, Map<String, java.util.List<String>> headers, String body) {}

    private final HttpServer server;
    private final AtomicReference<Seen> last = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile Map<String, String> headers = Map.of();

    public StubProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            last.set(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    requestBody));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** Answers with the fixture {@code provider/file} and the given status and headers. */
    public StubProvider answer(int status, String fixture, Map<String, String> headers) {
        try {
            this.body = Files.readString(FIXTURES.resolve(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.status = status;
        this.headers = headers;
        return this;
    }

    /** Answers with this body (a provider's documented example) and the given status and headers. */
    public StubProvider answerBody(int status, String body, Map<String, String> headers) {
        this.body = body;
        this.status = status;
        this.headers = headers;
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Seen last() {
        return last.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
