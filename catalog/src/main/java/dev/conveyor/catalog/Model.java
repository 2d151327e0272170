package dev.conveyor.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One model of one provider.
 *
 * @param id the catalog id jobs, routes, usage and bills name (may differ from the wire id)
 * @param wireId the id sent to the provider, as its documented model list spells it
 * @param prices list prices, oldest first; the one in effect on a day applies
 * @param qualityTier 1 (basic) to 5 (frontier), for the quality and balanced strategies
 * @param typicalLatency a typical call's duration, until latency is observed
 * @param retires the provider's announced shutdown date: from that day the model is never routed to
 * @param fixedSampling the provider refuses a non-default temperature for it (reasoning models)
 */
public record Model(
        String provider,
        String id,
        String wireId,
        List<Prices> prices,
        int contextWindow,
        int maxOutputTokens,
        Set<String> capabilities,
        int qualityTier,
        Duration typicalLatency,
        LocalDate retires,
        boolean fixedSampling) {

    public Model {
        prices = prices.stream().sorted(Comparator.comparing(Prices::effective)).toList();
        capabilities = Set.copyOf(capabilities);
        if (prices.isEmpty()) {
            throw new IllegalArgumentException(provider + "/" + id + " has no prices");
        }
    }

    /** {@code provider/id}, the way routes and plans name a model. */
    public String key() {
        return provider + "/" + id;
    }

    /** Whether the provider has shut the model down by this day. */
    public boolean retiredOn(LocalDate day) {
        return retires != null && !day.isBefore(retires);
    }

    /** The prices in effect on this day (the earliest ones before the first effective date). */
    public Prices pricesOn(LocalDate day) {
        Prices current = prices.getFirst();
        for (Prices p : prices) {
            if (!p.effective().isAfter(day)) {
                current = p;
            }
        }
        return current;
    }

    /** Exact cost of a call made on this day. */
    public BigDecimal cost(Tokens tokens, LocalDate day) {
        return pricesOn(day).cost(tokens);
    }
}
