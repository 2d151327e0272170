package dev.conveyor.router.provider;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.anthropic.AnthropicBatches;
import dev.conveyor.router.provider.anthropic.AnthropicClient;
import dev.conveyor.router.provider.gemini.GeminiClient;
import dev.conveyor.router.provider.openai.OpenAiBatches;
import dev.conveyor.router.provider.openai.OpenAiCompatibleClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The enabled providers, each behind its protocol's adapter, sharing one HTTP client ({@link ApacheHttpTransport}). */
@Component
public class Providers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Providers.class);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, ProviderClient> clients = new TreeMap<>();
    private final Map<String, BatchApi> batchApis = new TreeMap<>();
    private final HttpTransport http;

    @Autowired
    public Providers(RouterSettings settings) {
        // every call in flight may hold a connection, and fallbacks may reach another provider
        this.http = new ApacheHttpTransport(
                Math.max(64, settings.inFlightCap() + settings.inFlightCap() / 4),
                CONNECT_TIMEOUT,
                settings.callTimeout());
        JsonMapper json = JsonMapper.builder().build();
        settings.providers().forEach((name, provider) -> {
            if (!provider.enabled()) {
                log.info("Provider {} is disabled (no base URL or API key)", name);
                return;
            }
            ProviderClient client = create(name, provider, http, json);
            clients.put(name, client);
            if (provider.batchApi()) {
                batchApis.put(
                        name,
                        switch (client) {
                            case OpenAiCompatibleClient openai -> new OpenAiBatches(name, provider, openai, json);
                            case AnthropicClient anthropic -> new AnthropicBatches(name, provider, anthropic, json);
                            default -> throw new IllegalStateException("no batch API for " + provider.kind());
                        });
            }
            log.info("Provider {} enabled: {}", name, provider);
        });
    }

    private Providers(Map<String, ProviderClient> clients, Map<String, BatchApi> batchApis) {
        this.clients.putAll(clients);
        this.batchApis.putAll(batchApis);
        this.http = null;
    }

    /** Providers from ready-made clients, keyed by provider name: for tests and embedding. */
    public static Providers of(Map<String, ProviderClient> clients) {
        return new Providers(clients, Map.of());
    }

    /** Providers from ready-made clients and batch APIs, keyed by provider name: for tests and embedding. */
    public static Providers of(Map<String, ProviderClient> clients, Map<String, BatchApi> batchApis) {
        return new Providers(clients, batchApis);
    }

    private static ProviderClient create(
            String name, RouterSettings.Provider provider, HttpTransport http, JsonMapper json) {
        return switch (provider.kind()) {
            case OPENAI -> new OpenAiCompatibleClient(name, provider, http, json);
            case ANTHROPIC -> new AnthropicClient(name, provider, http, json);
            case GEMINI -> new GeminiClient(name, provider, http, json);
        };
    }

    public Optional<ProviderClient> get(String name) {
        return Optional.ofNullable(clients.get(name));
    }

    /** The provider's batch API, when it is enabled and configured with {@code batch-api: true}. */
    public Optional<BatchApi> batchApi(String name) {
        return Optional.ofNullable(batchApis.get(name));
    }

    public boolean enabled(String name) {
        return clients.containsKey(name);
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
