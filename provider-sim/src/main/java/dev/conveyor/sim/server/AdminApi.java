package dev.conveyor.sim.server;

import dev.conveyor.sim.LedgerEntry;
import dev.conveyor.sim.SimulatorConfig;
import dev.conveyor.sim.ledger.Ledger;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The simulator's own endpoints: {@code GET /sim/health}; {@code GET /sim/ledger} (optionally {@code ?requestId=},
 * {@code ?model=}, and paging over the filtered list, oldest first, with {@code ?offset=} and {@code ?limit=});
 * {@code GET /sim/ledger/totals}; {@code DELETE /sim/ledger}; {@code GET /sim/admin/config}; and
 * {@code POST /sim/admin/config} with a JSON patch of the configuration.
 */
public final class AdminApi {

    private final Ledger ledger;
    private final Supplier<SimulatorConfig> config;
    private final Consumer<UnaryOperator<SimulatorConfig>> reconfigure;

    public AdminApi(
            Ledger ledger, Supplier<SimulatorConfig> config, Consumer<UnaryOperator<SimulatorConfig>> reconfigure) {
        this.ledger = ledger;
        this.config = config;
        this.reconfigure = reconfigure;
    }

    SimResponse handle(SimRequest request) {
        String route = request.method() + " " + request.path();
        return switch (route) {
            case "GET /sim/health" -> SimResponse.json(200, Json.bytes(Map.of("status", "UP")));
            case "GET /sim/ledger" -> ledger(request);
            case "GET /sim/ledger/totals" -> SimResponse.json(200, Json.bytes(ledger.totals()));
            case "DELETE /sim/ledger" -> {
                ledger.clear();
                yield new SimResponse(204, new byte[0]);
            }
            case "GET /sim/admin/config" -> SimResponse.json(200, Json.bytes(ConfigDocuments.toJson(config.get())));
            case "POST /sim/admin/config" -> updateConfig(request);
            default -> notFound(request);
        };
    }

    private SimResponse ledger(SimRequest request) {
        try {
            return SimResponse.json(200, Json.bytes(filtered(request)));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private List<LedgerEntry> filtered(SimRequest request) {
        String requestId = request.query().get("requestId");
        String model = request.query().get("model");
        return ledger.entries().stream()
                .filter(entry -> requestId == null || requestId.equals(entry.requestId()))
                .filter(entry -> model == null || model.equals(entry.model()))
                .skip(number(request, "offset", 0))
                .limit(number(request, "limit", Long.MAX_VALUE))
                .toList();
    }

    private static long number(SimRequest request, String name, long otherwise) {
        String value = request.query().get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was " + value);
        }
    }

    private SimResponse updateConfig(SimRequest request) {
        try {
            reconfigure.accept(current -> ConfigDocuments.applyJson(current, request.body()));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        return SimResponse.json(200, Json.bytes(ConfigDocuments.toJson(config.get())));
    }

    static SimResponse notFound(SimRequest request) {
        return error(404, "provider-sim has no endpoint " + request.method() + " " + request.path());
    }

    static SimResponse error(int status, String message) {
        return SimResponse.json(status, Json.bytes(Map.of("error", Map.of("message", message))));
    }
}
