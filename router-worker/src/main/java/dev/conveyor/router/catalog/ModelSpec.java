package dev.conveyor.router.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

/** One model the router may call, with its list prices in US dollars per million tokens. */
public record ModelSpec(
        String provider,
        String model,
        BigDecimal inputPerMillion,
        BigDecimal outputPerMillion,
        BigDecimal cachedInputPerMillion,
        LocalDate pricesEffective,
        int contextWindow,
        int maxOutputTokens,
        Set<String> capabilities,
        int qualityTier) {

    public String key() {
        return provider + "/" + model;
    }
}
