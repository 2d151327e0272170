package dev.conveyor.launcher;

import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.embedded.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The README's main command: a real Kafka broker, PostgreSQL, Apicurio Registry, the provider
 * simulator (unless a real provider key is set) and the three services on this machine; then a
 * sample jobs, how they were routed, each tenant's bill and what routing saved. Prints {@code
 * API_URL}, {@code CONSOLE_URL} (the web console), {@code DEMO_API_KEY} (the first demo tenant's API
 * key), {@code ADMIN_API_KEY}, and {@code KAFKA_BOOTSTRAP_SERVERS} and {@code SCHEMA_REGISTRY_URL}
 * (Confluent-compatible) for pipelines that join it. Runs until Ctrl-C, or exits after
 * the summary when {@code DEMO_EXIT=1}.
 */
public final class ConveyorLauncher {

    private ConveyorLauncher() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        boolean exitAfterDemo = "1".equals(env.get("DEMO_EXIT"));
        boolean verbose = "1".equals(env.get("DEMO_VERBOSE"));
        Resources resources = new Resources();
        Runtime.getRuntime().addShutdownHook(new Thread(resources::close, "conveyor-stop"));
        int status = 0;
        try {
            System.out.println("Starting Kafka, PostgreSQL and Apicurio Registry ...");
            resources.infra = Infrastructure.start(12);
            System.out.println("Starting billing-consumer, router-worker and producer-api ...");
            resources.stack = ConveyorStack.start(resources.infra, apiPort(env), env, !verbose);
            System.out.println(
                    resources.stack.simulator() != null
                            ? "Providers: the local simulator stands in for all of them (set OPENAI_API_KEY,"
                                    + " ANTHROPIC_API_KEY, ... to call real ones instead)"
                            : "Provider: real provider keys found in the environment");
            Demo demo = new Demo(
                    resources.stack.apiUrl(), resources.stack.adminKey(), resources.stack.simulator(), System.out);
            Map<String, String> keys = demo.createTenants();
            System.out.println("API_URL=" + resources.stack.apiUrl());
            System.out.println("CONSOLE_URL=" + resources.stack.consoleUrl());
            System.out.println("DEMO_API_KEY=" + keys.get(SampleJobs.TENANTS.getFirst()));
            System.out.println("ADMIN_API_KEY=" + resources.stack.adminKey());
            // for pipelines that join the running demo: produce jobs to llm.requests, read llm.results
            System.out.println("KAFKA_BOOTSTRAP_SERVERS=" + resources.infra.bootstrapServers());
            System.out.println(
                    "SCHEMA_REGISTRY_URL=" + resources.infra.registry().ccompatUrl());
            Demo.Summary summary = demo.run(keys);
            System.out.println(demo.summaryJson(summary));
            if (!exitAfterDemo) {
                System.out.println("Running. Ctrl-C to stop.");
                new CountDownLatch(1).await();
            }
        } catch (Exception e) {
            System.err.println("Conveyor demo failed: " + e);
            e.printStackTrace();
            status = 1;
        } finally {
            resources.close();
        }
        System.exit(status);
    }

    /** API_PORT if set, else 8080 when free, else any free port. */
    private static int apiPort(Map<String, String> env) {
        if (env.get("API_PORT") != null) {
            return Integer.parseInt(env.get("API_PORT"));
        }
        try (ServerSocket probe = new ServerSocket(8080, 1, InetAddress.getLoopbackAddress())) {
            return 8080;
        } catch (IOException busy) {
            return Ports.free();
        }
    }

    /** What was started, stopped once, in reverse order, also from the shutdown hook. */
    private static final class Resources {
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Infrastructure infra;
        private volatile ConveyorStack stack;

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            if (stack != null) {
                stack.close();
            }
            if (infra != null) {
                infra.close();
            }
        }
    }
}
