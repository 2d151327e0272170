package dev.conveyor.sim;

import dev.conveyor.sim.server.ConfigDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as a process until it is stopped.
 *
 * <pre>
 * java -jar provider-sim-exec.jar [--port 8089] [--host 127.0.0.1] [--latency-ms 0] [--config sim.yml]
 * </pre>
 *
 * <p>A config file (YAML, or JSON when it ends in {@code .json}) patches the defaults; flags win over the file. The
 * first line on stdout is {@code provider-sim listening on http://HOST:PORT}.
 */
public final class ProviderSimulatorMain {

    static final int DEFAULT_PORT = 8089;

    private ProviderSimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config;
        try {
            config = configFrom(args);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("provider-sim: " + e.getMessage());
            System.err.println(
                    "usage: provider-sim [--port N] [--host ADDRESS] [--latency-ms N] [--config FILE.yml|FILE.json]");
            System.exit(2);
            return;
        }
        ProviderSimulator simulator;
        try {
            simulator = ProviderSimulator.start(config);
        } catch (IllegalStateException e) {
            System.err.println("provider-sim: " + e.getMessage() + ": " + e.getCause());
            System.exit(1);
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println("provider-sim listening on " + simulator.baseUrl());
        System.out.flush();
        stopped.await();
    }

    static SimulatorConfig configFrom(String[] args) {
        var config = SimulatorConfig.defaults().withPort(DEFAULT_PORT);
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--config")) {
                config = fromFile(config, Path.of(value(args, i)));
            }
        }
        for (int i = 0; i < args.length; i += 2) {
            String value = value(args, i);
            config = switch (args[i]) {
                case "--port" -> config.withPort(integer(args[i], value));
                case "--host" -> config.withHost(value);
                case "--latency-ms" ->
                    config.withLatency(LatencySpec.fixed(Duration.ofMillis(integer(args[i], value))));
                case "--config" -> config;
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            };
        }
        return config;
    }

    private static SimulatorConfig fromFile(SimulatorConfig base, Path file) {
        try {
            String text = Files.readString(file);
            return file.toString().endsWith(".json")
                    ? ConfigDocuments.applyJson(base, text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    : ConfigDocuments.applyYaml(base, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String value(String[] args, int flagIndex) {
        if (flagIndex + 1 >= args.length) {
            throw new IllegalArgumentException(args[flagIndex] + " needs a value");
        }
        return args[flagIndex + 1];
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, was " + value);
        }
    }
}
