package dev.conveyor.sim;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.sim.content.ContentGenerator;
import dev.conveyor.sim.dialect.Dialects;
import dev.conveyor.sim.engine.CompletionEngine;
import dev.conveyor.sim.engine.PromptCache;
import dev.conveyor.sim.fault.FaultInjector;
import dev.conveyor.sim.ledger.Ledger;
import dev.conveyor.sim.ledger.LedgerPrices;
import dev.conveyor.sim.ratelimit.RateLimiter;
import dev.conveyor.sim.reports.AdminReports;
import dev.conveyor.sim.server.AdminApi;
import dev.conveyor.sim.server.SimServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A running simulator: an HTTP server on loopback that answers OpenAI, Azure OpenAI, Anthropic and Gemini calls as
 * its {@link SimulatorConfig} says, and records each one in its ledger.
 *
 * <pre>{@code
 * try (var sim = ProviderSimulator.start(SimulatorConfig.defaults())) {
 *     String url = sim.baseUrl() + "/v1/chat/completions";
 *     ...
 *     List<LedgerEntry> charged = sim.ledger();
 * }
 * }</pre>
 */
public final class ProviderSimulator implements AutoCloseable {

    private final AtomicReference<SimulatorConfig> config;
    private final Ledger ledger;
    private final RateLimiter rateLimiter;
    private final SimServer server;
    private final String host;

    private ProviderSimulator(SimulatorConfig initial, Clock clock) {
        this.config = new AtomicReference<>(initial);
        this.ledger = new Ledger(initial.ledgerCapacity(), LedgerPrices.of(Catalog.load(), clock));
        this.rateLimiter = new RateLimiter(clock);
        this.host = initial.host();
        var engine = new CompletionEngine(
                config::get,
                ledger,
                rateLimiter,
                new PromptCache(),
                new FaultInjector(),
                new ContentGenerator(),
                clock);
        var admin = new AdminApi(ledger, config::get, this::reconfigure);
        var reports = new AdminReports(ledger::entries, ledger::record, clock);
        this.server = SimServer.bind(
                initial.host(),
                initial.port(),
                Dialects.router(engine, admin, reports, () -> config.get().batch(), clock));
    }

    /** Starts on the configured host and port (0 picks a free port); the simulator's time runs on the system clock. */
    public static ProviderSimulator start(SimulatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts with a clock of the caller's, which drives outage schedules, rate-limit windows and ledger times. */
    public static ProviderSimulator start(SimulatorConfig config, Clock clock) {
        return new ProviderSimulator(config, clock);
    }

    public int port() {
        return server.port();
    }

    /** For example {@code http://127.0.0.1:8089}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Every call answered so far, oldest first (up to the configured capacity). */
    public List<LedgerEntry> ledger() {
        return ledger.entries();
    }

    /** Totals per "PROTOCOL/model" since start or the last {@link #clearLedger()}; never truncated. */
    public Map<String, LedgerTotals> ledgerTotals() {
        return ledger.totals();
    }

    /** Totals of batch calls only ({@code true}) or of synchronous calls only ({@code false}). */
    public Map<String, LedgerTotals> ledgerTotals(boolean batch) {
        return ledger.totals(batch);
    }

    public void clearLedger() {
        ledger.clear();
    }

    public SimulatorConfig config() {
        return config.get();
    }

    /**
     * Changes the behaviour while running; the next call sees the new configuration. Host, port and ledger capacity
     * keep their values from start.
     */
    public void reconfigure(UnaryOperator<SimulatorConfig> change) {
        config.updateAndGet(current -> change.apply(current)
                .withHost(current.host())
                .withPort(current.port())
                .withLedgerCapacity(current.ledgerCapacity()));
    }

    /** Forgets rate-limit windows, so every key starts with its full allowance. */
    public void resetRateLimits() {
        rateLimiter.reset();
    }

    @Override
    public void close() {
        server.close();
    }
}
