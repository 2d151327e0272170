package dev.conveyor.launcher;

import dev.conveyor.api.ProducerApiApplication;
import dev.conveyor.billing.BillingConsumerApplication;
import dev.conveyor.catalog.Catalog;
import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.embedded.Ports;
import dev.conveyor.router.RouterWorkerApplication;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.sim.ProviderSimulator;
import dev.conveyor.sim.SimulatorConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three services, each in its own Spring context in this JVM, wired to the given Kafka,
 * PostgreSQL and registry; and the provider simulator unless a real provider key is set.
 */
public final class ConveyorStack implements AutoCloseable {

    /** Environment variables that switch a real provider on instead of the simulator. */
    static final List<String> PROVIDER_KEYS = List.of(
            "OPENAI_API_KEY",
            "ANTHROPIC_API_KEY",
            "GEMINI_API_KEY",
            "AZURE_OPENAI_API_KEY",
            "MISTRAL_API_KEY",
            "TOGETHER_API_KEY",
            "VLLM_BASE_URL",
            "OLLAMA_BASE_URL");

    /**
     * producer-api's OpenAPI library is on this JVM's shared classpath; only producer-api serves
     * an OpenAPI document.
     */
    private static final String[] NO_API_DOCS = {
        "--springdoc.api-docs.enabled=false", "--springdoc.swagger-ui.enabled=false"
    };

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final ProviderSimulator simulator;
    private final int apiPort;
    private final int billingPort;
    private final int routerPort;
    private final String adminKey;

    private ConveyorStack(ProviderSimulator simulator, int apiPort, int billingPort, int routerPort, String adminKey) {
        this.simulator = simulator;
        this.apiPort = apiPort;
        this.billingPort = billingPort;
        this.routerPort = routerPort;
        this.adminKey = adminKey;
    }

    /**
     * Starts the services. {@code env} is consulted for real provider keys; with none, the
     * simulator stands in for every provider of the catalog, each speaking its own protocol, and the
     * task types are routed over several of them ({@link SimulatedRoutes}). The admin API key is {@code ADMIN_API_KEY} from {@code env},
     * or a random one.
     */
    public static ConveyorStack start(Infrastructure infra, int apiPort, Map<String, String> env, boolean quiet) {
        return start(infra, apiPort, env, quiet, List.of());
    }

    /** As {@link #start(Infrastructure, int, Map, boolean)}, with extra router-worker arguments ({@code --key=value}). */
    public static ConveyorStack start(
            Infrastructure infra, int apiPort, Map<String, String> env, boolean quiet, List<String> routerArgs) {
        AvroSerdes.trustGeneratedClasses();
        boolean realProvider = PROVIDER_KEYS.stream().anyMatch(k -> notBlank(env.get(k)));
        ProviderSimulator simulator = realProvider ? null : ProviderSimulator.start(SimulatorConfig.defaults());
        int billingPort = Ports.free();
        String adminKey = notBlank(env.get("ADMIN_API_KEY")) ? env.get("ADMIN_API_KEY") : randomAdminKey();
        ConveyorStack stack = new ConveyorStack(
                simulator, apiPort == 0 ? Ports.free() : apiPort, billingPort, Ports.free(), adminKey);
        try {
            List<String> common = common(infra, quiet);
            stack.run(
                    new SpringApplicationBuilder(BillingConsumerApplication.class)
                            .properties("spring.config.name=billing-consumer"),
                    common,
                    "--server.port=" + billingPort,
                    NO_API_DOCS[0],
                    NO_API_DOCS[1]);
            List<String> router =
                    new ArrayList<>(List.of("--server.port=" + stack.routerPort, NO_API_DOCS[0], NO_API_DOCS[1]));
            if (simulator != null) {
                for (String provider : Catalog.load().providers().keySet()) {
                    router.add("--conveyor.router.providers." + provider + ".base-url=" + simulator.baseUrl());
                    router.add("--conveyor.router.providers." + provider + ".api-key=sim-local-key");
                }
                router.addAll(SimulatedRoutes.routerArgs());
            }
            router.addAll(routerArgs);
            stack.run(RouterWorkerApplication.builder(), common, router.toArray(String[]::new));
            stack.run(
                    ProducerApiApplication.builder(),
                    common,
                    "--server.port=" + stack.apiPort,
                    "--conveyor.api.billing-url=http://127.0.0.1:" + billingPort,
                    "--conveyor.api.router.url=" + stack.routerUrl(),
                    "--conveyor.api.admin-key=" + adminKey);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private static List<String> common(Infrastructure infra, boolean quiet) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + infra.bootstrapServers(),
                "--spring.datasource.url=" + infra.postgres().jdbcUrl(),
                "--spring.datasource.username=" + infra.postgres().username(),
                "--spring.datasource.password=" + infra.postgres().password(),
                "--conveyor.registry.url=" + infra.registry().apiUrl(),
                "--spring.main.banner-mode=off"));
        if (quiet) {
            args.add("--logging.level.root=WARN");
            args.add("--logging.level.org.apache.kafka=ERROR");
        }
        return args;
    }

    private void run(SpringApplicationBuilder builder, List<String> common, String... own) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(own));
        contexts.add(builder.run(args.toArray(String[]::new)));
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** The bearer key of producer-api's admin API ({@code /v1/admin/...}). */
    public String adminKey() {
        return adminKey;
    }

    /** The web console, served by producer-api. */
    public String consoleUrl() {
        return apiUrl() + "/console";
    }

    /** The router-worker's actuator ({@code /actuator/providers}, {@code /actuator/prometheus}, ...). */
    public String routerUrl() {
        return "http://127.0.0.1:" + routerPort;
    }

    public String billingUrl() {
        return "http://127.0.0.1:" + billingPort;
    }

    /** The simulator, when no real provider is configured. */
    public ProviderSimulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        contexts.clear();
        if (simulator != null) {
            simulator.close();
        }
    }

    private static String randomAdminKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "cva_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
