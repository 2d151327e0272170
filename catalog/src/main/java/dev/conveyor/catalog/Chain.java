package dev.conveyor.catalog;

import java.util.List;
import java.util.Set;

/**
 * A named chain: how to pick and order models for a job. With {@code models} it is that list;
 * without, every catalog model that passes the chain's preferences. Preferences (capabilities,
 * quality tiers, context window) give way when no enabled model meets them, so any one enabled
 * provider still serves the chain; {@code localOnly} never gives way.
 */
public record Chain(
        String name,
        Strategy strategy,
        List<String> models,
        Set<String> capabilities,
        int minQualityTier,
        int maxQualityTier,
        long minContextWindow,
        boolean localOnly) {

    public Chain {
        models = List.copyOf(models);
        capabilities = Set.copyOf(capabilities);
    }

    /** Whether the model meets the chain's preferences. */
    public boolean prefers(Model model) {
        return model.capabilities().containsAll(capabilities)
                && model.qualityTier() >= minQualityTier
                && model.qualityTier() <= maxQualityTier
                && model.contextWindow() >= minContextWindow;
    }
}
