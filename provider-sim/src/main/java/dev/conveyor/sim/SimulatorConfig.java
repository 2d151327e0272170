package dev.conveyor.sim;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Everything the simulator does, as an immutable value. Change it with the withers, at start or while running
 * ({@link ProviderSimulator#reconfigure}, or {@code POST /sim/admin/config}).
 *
 * @param host the address to bind; loopback by default
 * @param port the port to bind; 0 picks a free one
 * @param models model name (as sent by the caller; for Azure the deployment name) to its behaviour
 * @param ledgerCapacity how many ledger entries are kept at least; older ones are dropped in chunks of 16,384 (totals
 *     are never dropped)
 * @param content how completion text is written; {@link ContentMode#ANALYSED} when absent
 * @param batch how provider batches run; {@link BatchSpec#defaults()} when absent
 */
public record SimulatorConfig(
        String host,
        int port,
        Map<String, ModelSpec> models,
        int ledgerCapacity,
        ContentMode content,
        BatchSpec batch) {

    public SimulatorConfig {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        models = models == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(models));
        ledgerCapacity = ledgerCapacity == 0 ? 2_000_000 : ledgerCapacity;
        if (ledgerCapacity < 1) {
            throw new IllegalArgumentException("ledgerCapacity must be 1 or more, was " + ledgerCapacity);
        }
        content = content == null ? ContentMode.ANALYSED : content;
        batch = batch == null ? BatchSpec.defaults() : batch;
    }

    /** Without batch settings (the defaults). */
    public SimulatorConfig(
            String host, int port, Map<String, ModelSpec> models, int ledgerCapacity, ContentMode content) {
        this(host, port, models, ledgerCapacity, content, null);
    }

    /** Loopback, an ephemeral port, no latency, no faults, no limits, and a catalog of current public model names. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", 0, DefaultModels.catalog(), 0, ContentMode.ANALYSED);
    }

    public Optional<ModelSpec> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public SimulatorConfig withHost(String newHost) {
        return new SimulatorConfig(newHost, port, models, ledgerCapacity, content, batch);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(host, newPort, models, ledgerCapacity, content, batch);
    }

    public SimulatorConfig withLedgerCapacity(int capacity) {
        return new SimulatorConfig(host, port, models, capacity, content, batch);
    }

    /** {@link ContentMode#FIXED} skips prompt analysis, for benchmarks. */
    public SimulatorConfig withContent(ContentMode mode) {
        return new SimulatorConfig(host, port, models, ledgerCapacity, mode, batch);
    }

    public SimulatorConfig withBatch(BatchSpec spec) {
        return new SimulatorConfig(host, port, models, ledgerCapacity, content, spec);
    }

    /** Adds the model, or replaces the one of that name. */
    public SimulatorConfig withModel(String name, ModelSpec spec) {
        var all = new TreeMap<>(models);
        all.put(name, spec);
        return new SimulatorConfig(host, port, all, ledgerCapacity, content, batch);
    }

    public SimulatorConfig withoutModel(String name) {
        var all = new TreeMap<>(models);
        all.remove(name);
        return new SimulatorConfig(host, port, all, ledgerCapacity, content, batch);
    }

    /** Changes one model; fails naming the model when it is not configured. */
    public SimulatorConfig withModel(String name, UnaryOperator<ModelSpec> change) {
        var spec = model(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "models." + name + " is not configured; known models: " + models.keySet()));
        return withModel(name, change.apply(spec));
    }

    /** Changes every model. */
    public SimulatorConfig withAllModels(UnaryOperator<ModelSpec> change) {
        var all = new TreeMap<String, ModelSpec>();
        models.forEach((name, spec) -> all.put(name, change.apply(spec)));
        return new SimulatorConfig(host, port, all, ledgerCapacity, content, batch);
    }

    /** The same latency for every model. */
    public SimulatorConfig withLatency(LatencySpec latency) {
        return withAllModels(spec -> spec.withLatency(latency));
    }

    /** The same rate limit for every model. */
    public SimulatorConfig withRateLimit(RateLimitSpec limit) {
        return withAllModels(spec -> spec.withRateLimit(limit));
    }
}
