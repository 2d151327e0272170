package dev.conveyor.router;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Prices;
import dev.conveyor.catalog.Protocol;
import dev.conveyor.catalog.Provider;
import dev.conveyor.catalog.Strategy;
import dev.conveyor.catalog.TokenKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Router settings and catalogs for tests without a Spring context. */
public final class TestSettings {

    private TestSettings() {}

    /** A model whose wire id is its catalog id, prices in dollars per million input and output tokens. */
    public static Model model(String provider, String id, String in, String out, int context) {
        return new Model(
                provider,
                id,
                id,
                List.of(new Prices(
                        LocalDate.of(2025, 1, 1),
                        Map.of(TokenKind.INPUT, new BigDecimal(in), TokenKind.OUTPUT, new BigDecimal(out)))),
                context,
                Math.min(8192, context),
                Set.of("chat"),
                2,
                Duration.ofSeconds(2),
                null,
                false);
    }

    /** A catalog of these models, one OpenAI-protocol provider per provider they name, no chains. */
    public static Catalog catalog(List<Model> models) {
        List<Provider> providers = models.stream()
                .map(Model::provider)
                .distinct()
                .map(p -> new Provider(p, Protocol.OPENAI, false, ""))
                .toList();
        return Catalog.of(providers, models, List.of(), Map.of());
    }

    public static RouterSettings.Route route(String... models) {
        return new RouterSettings.Route(List.of(models), Strategy.COST, null);
    }

    public static RouterSettings.Provider provider(String baseUrl) {
        return new RouterSettings.Provider(
                "openai", baseUrl, "/v1/chat/completions", "Authorization", "Bearer ", "k", false);
    }

    public static RouterSettings settings(
            Map<String, RouterSettings.Provider> providers, Map<String, RouterSettings.Route> routes) {
        return new RouterSettings(
                new RouterSettings.Topics("req", "res", "use", "dlt", 2, 1),
                Duration.ofSeconds(5),
                100,
                new RouterSettings.Retry(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1)),
                new RouterSettings.Circuit(3, Duration.ofMinutes(5)),
                new RouterSettings.Cache(false, Duration.ofDays(7), Map.of(), 100),
                providers,
                routes);
    }

    /** Settings for calling these providers once each, by their catalog's default chains, nothing cached. */
    public static RouterSettings oneTry(Map<String, RouterSettings.Provider> providers) {
        return new RouterSettings(
                new RouterSettings.Topics("req", "res", "use", "dlt", 3, 1),
                Duration.ofSeconds(30),
                100,
                new RouterSettings.Retry(1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new RouterSettings.Circuit(3, Duration.ofMinutes(5)),
                new RouterSettings.Cache(false, Duration.ofDays(7), Map.of(), 100),
                providers,
                Map.of());
    }
}
