package dev.conveyor.sim;

import java.time.Clock;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A started simulator and a client against it, for tests. Registered with {@code @RegisterExtension} on a static field
 * it is started once before the class's tests and closed after them; on an instance field each test gets a fresh one.
 */
final class RunningSimulator implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final Supplier<ProviderSimulator> starter;
    private boolean perClass;
    private ProviderSimulator simulator;
    private SimClient client;

    /** A simulator with the default configuration. */
    RunningSimulator() {
        this(SimulatorConfig.defaults());
    }

    RunningSimulator(SimulatorConfig config) {
        this(() -> ProviderSimulator.start(config));
    }

    RunningSimulator(SimulatorConfig config, Clock clock) {
        this(() -> ProviderSimulator.start(config, clock));
    }

    private RunningSimulator(Supplier<ProviderSimulator> starter) {
        this.starter = starter;
    }

    ProviderSimulator simulator() {
        return simulator;
    }

    SimClient client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        simulator.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            simulator.close();
        }
    }

    private void start() {
        simulator = starter.get();
        client = new SimClient(simulator);
    }
}
