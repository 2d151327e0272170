package dev.conveyor.router;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Router settings for tests without a Spring context. */
public final class TestSettings {

    private TestSettings() {}

    public static RouterSettings.Model model(String provider, String id, String in, String out, int context) {
        return new RouterSettings.Model(
                provider,
                id,
                new BigDecimal(in),
                new BigDecimal(out),
                null,
                LocalDate.of(2025, 1, 1),
                context,
                8192,
                Set.of("chat"),
                2);
    }

    public static RouterSettings.Provider provider(String baseUrl) {
        return new RouterSettings.Provider(
                "openai", baseUrl, "/v1/chat/completions", "Authorization", "Bearer ", "k", false);
    }

    public static RouterSettings settings(
            Map<String, RouterSettings.Provider> providers,
            List<RouterSettings.Model> models,
            Map<String, RouterSettings.Route> routes) {
        return new RouterSettings(
                new RouterSettings.Topics("req", "res", "use", "dlt", 2, 1),
                Duration.ofSeconds(5),
                100,
                new RouterSettings.Retry(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1)),
                new RouterSettings.Circuit(3, Duration.ofMinutes(5)),
                new RouterSettings.Cache(false, Duration.ofDays(7), Map.of(), 100),
                providers,
                models,
                routes);
    }
}
