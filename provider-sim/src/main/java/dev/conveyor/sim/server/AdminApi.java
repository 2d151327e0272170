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
 * {@code POST /sim/admin/config} with a JSON patch of the configuration; {@code GET}/{@code POST /sim/admin/batch}
 * for the batch settings alone. The ledger endpoints take {@code ?batch=true|false} to show batch or synchronous calls
 * only.
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
            case "GET /sim/ledger/totals" -> totals(request);
            case "DELETE /sim/ledger" -> {
                ledger.clear();
                yield new SimResponse(204, new byte[0]);
            }
            case "GET /sim/admin/config" -> SimResponse.json(200, Json.bytes(ConfigDocuments.toJson(config.get())));
            case "POST /sim/admin/config" -> updateConfig(request);
            case "GET /sim/admin/batch" ->
                SimResponse.json(200, Json.bytes(config.get().batch()));
            case "POST /sim/admin/batch" -> updateBatch(request);
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

    private SimResponse totals(SimRequest request) {
        try {
            return SimResponse.json(200, Json.bytes(ledger.totals(batchFilter(request))));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private List<LedgerEntry> filtered(SimRequest request) {
        String requestId = request.query().get("requestId");
        String model = request.query().get("model");
        Boolean batch = batchFilter(request);
        return ledger.entries().stream()
                .filter(entry -> requestId == null || requestId.equals(entry.requestId()))
                .filter(entry -> model == null || model.equals(entry.model()))
                .filter(entry -> batch == null || batch == entry.batch())
                .skip(number(request, "offset", 0))
                .limit(number(request, "limit", Long.MAX_VALUE))
                .toList();
    }

    /** {@code ?batch=true} or {@code false}; null when absent. */
    private static Boolean batchFilter(SimRequest request) {
        String value = request.query().get("batch");
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("batch must be true or false, was " + value);
        };
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

    /** Merges a JSON patch into the batch settings, as {@code {"batch": patch}} would merge into the configuration. */
    private SimResponse updateBatch(SimRequest request) {
        try {
            var patch = Json.object();
            patch.set("batch", Json.tree(request.body()));
            reconfigure.accept(current -> ConfigDocuments.applyJson(current, Json.bytes(patch)));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (tools.jackson.core.JacksonException e) {
            return error(400, "batch settings are not valid JSON: " + e.getOriginalMessage());
        }
        return SimResponse.json(200, Json.bytes(config.get().batch()));
    }

    static SimResponse notFound(SimRequest request) {
        return error(404, "provider-sim has no endpoint " + request.method() + " " + request.path());
    }

    static SimResponse error(int status, String message) {
        return SimResponse.json(status, Json.bytes(Map.of("error", Map.of("message", message))));
    }
}
