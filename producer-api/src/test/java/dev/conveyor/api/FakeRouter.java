package dev.conveyor.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * A router-worker's {@code /actuator/providers} as producer-api uses it: the provider list (none)
 * and the health check of {@code openai}, the one provider it knows; any other name is a 404, as
 * the router answers (its Spring MVC matches the path as sent, so a name {@code ..} is a name too).
 */
public final class FakeRouter extends FakeService {

    /** The one provider this router has. */
    public static final String PROVIDER = "openai";

    @Override
    void handle(HttpExchange exchange) throws IOException {
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
}
