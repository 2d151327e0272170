package dev.conveyor.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * billing-consumer's HTTP contract as producer-api uses it ({@code GET /v1/usage},
 * {@code GET|PUT /v1/tenants/{t}/budget}), with figures a test sets.
 */
public final class FakeBilling extends FakeService {

    private final Map<String, String> budgets = new ConcurrentHashMap<>();
    private final Map<String, long[]> usage = new ConcurrentHashMap<>();
    private final Map<String, String> projections = new ConcurrentHashMap<>();
    private final Map<String, String> costs = new ConcurrentHashMap<>();
    private final Map<String, String> savings = new ConcurrentHashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();

    /** This month's projected spend as billing would forecast it (else the month-to-date cost). */
    public void projection(String tenant, String projectedUsd) {
        projections.put(tenant, projectedUsd);
    }

    /** Month-to-date usage as billing would report it. */
    public void usage(String tenant, long inputTokens, long outputTokens, String costUsd) {
        usage.put(tenant, new long[] {inputTokens, outputTokens});
        costs.put(tenant, costUsd);
    }

    /** What the tenant's batch-API calls saved, as billing would report it. */
    public void batchSavings(String tenant, String savingsUsd) {
        savings.put(tenant, savingsUsd);
    }

    public void budget(String tenant, String budgetJson) {
        budgets.put(tenant, budgetJson);
    }

    public void down(boolean isDown) {
        down.set(isDown);
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (down.get()) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v1/usage")) {
                String tenant = query(exchange, "tenant");
                long[] u = usage.getOrDefault(tenant, new long[] {0, 0});
                String cost = costs.getOrDefault(tenant, "0");
                respond(exchange, 200, """
                        {"tenant":"%s","requests":%d,"input_tokens":%d,"output_tokens":%d,"cached_input_tokens":0,"cost_usd":"%s",
                         "batch_savings_usd":"%s",
                         "forecast":{"month":"2026-12","month_to_date_usd":"%s","burn_usd_per_day":"0","projected_month_usd":"%s"}}
                        """.formatted(
                                tenant,
                                u[0] > 0 ? 1 : 0,
                                u[0],
                                u[1],
                                cost,
                                savings.getOrDefault(tenant, "0.000000000"),
                                cost,
                                projections.getOrDefault(tenant, cost)));
            } else if (path.startsWith("/v1/tenants/") && path.endsWith("/budget")) {
                String tenant = path.substring("/v1/tenants/".length(), path.length() - "/budget".length());
                if (exchange.getRequestMethod().equals("PUT")) {
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    budgets.put(tenant, body);
                    respond(exchange, 200, body);
                } else if (budgets.containsKey(tenant)) {
                    respond(exchange, 200, budgets.get(tenant));
                } else {
                    respond(exchange, 404, "{\"title\":\"Not found\",\"status\":404}");
                }
            } else if (path.equals("/v1/reconciliation")) {
                respond(exchange, 200, """
                        {"month":"%s","discrepancies":0,"comparisons":[]}
                        """.formatted(query(exchange, "month")));
            } else {
                respond(exchange, 404, "{}");
            }
        }
    }

    private static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
