package dev.conveyor.router.admin;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Prices;
import dev.conveyor.catalog.TokenKind;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.circuit.CircuitStatus;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.routing.ModelStats;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code GET /actuator/providers}: every configured provider, enabled or not, its models from the
 * catalog (prices, context window, capabilities) with each model's circuit, and the provider's
 * rate-limit use. {@code POST /actuator/providers/{name}}: a health check of that provider now
 * (see {@link HealthCheck}). producer-api serves both to tenants and operators.
 */
@Endpoint(id = "providers")
public class ProvidersEndpoint {

    private final RouterSettings settings;
    private final Providers providers;
    private final Catalog catalog;
    private final CircuitBreakers breakers;
    private final RateLimitUse rateLimits;
    private final HealthCheck healthCheck;
    private final ModelStats stats;

    public ProvidersEndpoint(
            RouterSettings settings,
            Providers providers,
            Catalog catalog,
            CircuitBreakers breakers,
            MeterRegistry meters,
            ModelStats stats,
            HealthCheck healthCheck) {
        this.stats = stats;
        this.settings = settings;
        this.providers = providers;
        this.catalog = catalog;
        this.breakers = breakers;
        this.rateLimits = new RateLimitUse(meters);
        this.healthCheck = healthCheck;
    }

    /** A provider as the endpoint shows it. */
    public record ProviderView(
            String name, String kind, boolean enabled, List<ModelView> models, List<RateLimitUse.Limit> rateLimits) {}

    /**
     * A catalog model with its circuit (null until the model was first called) and, once called,
     * its observed latency and error rate (moving averages, as the latency strategy sees them).
     */
    public record ModelView(Spec spec, CircuitStatus circuit, Double latencyMs, Double errorRate) {}

    /** A catalog model with the list prices in effect today, US dollars per million tokens. */
    public record Spec(
            String provider,
            String model,
            String wireId,
            BigDecimal inputPerMillion,
            BigDecimal outputPerMillion,
            BigDecimal cachedInputPerMillion,
            LocalDate pricesEffective,
            int contextWindow,
            int maxOutputTokens,
            Set<String> capabilities,
            int qualityTier,
            LocalDate retires) {

        static Spec of(Model model) {
            Prices prices = model.pricesOn(LocalDate.now(ZoneOffset.UTC));
            return new Spec(
                    model.provider(),
                    model.id(),
                    model.wireId(),
                    prices.price(TokenKind.INPUT),
                    prices.price(TokenKind.OUTPUT),
                    prices.listed(TokenKind.CACHED_INPUT).orElse(null),
                    prices.effective(),
                    model.contextWindow(),
                    model.maxOutputTokens(),
                    model.capabilities(),
                    model.qualityTier(),
                    model.retires());
        }
    }

    @ReadOperation
    public Map<String, List<ProviderView>> providers() {
        Map<String, CircuitStatus> circuits = breakers.statuses();
        List<ProviderView> views = new ArrayList<>();
        settings.providers().forEach((name, provider) -> {
            List<ModelView> models = catalog.models().stream()
                    .filter(m -> m.provider().equals(name))
                    .map(m -> view(m, circuits.get(m.key())))
                    .toList();
            views.add(new ProviderView(
                    name, provider.kind().name().toLowerCase(), providers.enabled(name), models, rateLimits.of(name)));
        });
        return Map.of("providers", views);
    }

    private ModelView view(Model model, CircuitStatus circuit) {
        return circuit == null
                ? new ModelView(Spec.of(model), null, null, null)
                : new ModelView(Spec.of(model), circuit, stats.latencyMs(model.key()), stats.errorRate(model.key()));
    }

    /**
     * Probes each of the provider's models now; 404 for a provider not configured (a write
     * operation's null would be a 204, as if the check had run).
     */
    @WriteOperation
    public WebEndpointResponse<HealthCheck.Report> check(@Selector String name) {
        if (!settings.providers().containsKey(name)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        List<String> models = catalog.models().stream()
                .filter(m -> m.provider().equals(name))
                .map(Model::wireId)
                .toList();
        return new WebEndpointResponse<>(healthCheck.run(name, models));
    }
}
