package dev.conveyor.router.catalog;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.schemas.Money;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The models from {@code conveyor.router.models}, checked at start-up, and what calls to them cost. */
@Component
public class ModelCatalog {

    private final Map<String, ModelSpec> byKey = new LinkedHashMap<>();

    public ModelCatalog(RouterSettings settings) {
        for (int i = 0; i < settings.models().size(); i++) {
            ModelSpec spec = validated(settings.models().get(i), "conveyor.router.models[" + i + "]");
            if (byKey.put(spec.key(), spec) != null) {
                throw new IllegalStateException("conveyor.router.models lists " + spec.key() + " twice");
            }
        }
    }

    public Optional<ModelSpec> find(String provider, String model) {
        return Optional.ofNullable(byKey.get(provider + "/" + model));
    }

    /** Looks a model up by id alone; the first provider that serves it wins. */
    public Optional<ModelSpec> findById(String model) {
        return byKey.values().stream().filter(m -> m.model().equals(model)).findFirst();
    }

    public Optional<ModelSpec> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public List<ModelSpec> all() {
        return List.copyOf(byKey.values());
    }

    /**
     * Exact cost of one call: uncached input, cached input and output tokens, each at its own
     * price, rounded half-even to a nano-dollar.
     */
    public BigDecimal cost(ModelSpec spec, long inputTokens, long cachedInputTokens, long outputTokens) {
        long uncached = Math.max(0, inputTokens - cachedInputTokens);
        return Money.forTokens(uncached, spec.inputPerMillion())
                .add(Money.forTokens(cachedInputTokens, spec.cachedInputPerMillion()))
                .add(Money.forTokens(outputTokens, spec.outputPerMillion()));
    }

    private static ModelSpec validated(RouterSettings.Model m, String key) {
        require(m.provider() != null && !m.provider().isBlank(), key + ".provider must be set");
        require(m.id() != null && !m.id().isBlank(), key + ".id must be set");
        require(m.inputPrice() != null && m.inputPrice().signum() >= 0, key + ".input-price must be 0 or more");
        require(m.outputPrice() != null && m.outputPrice().signum() >= 0, key + ".output-price must be 0 or more");
        require(m.contextWindow() > 0, key + ".context-window must be greater than 0");
        require(m.maxOutputTokens() > 0, key + ".max-output-tokens must be greater than 0");
        BigDecimal cached = m.cachedInputPrice() == null ? m.inputPrice() : m.cachedInputPrice();
        return new ModelSpec(
                m.provider(),
                m.id(),
                m.inputPrice(),
                m.outputPrice(),
                cached,
                m.pricesEffective(),
                m.contextWindow(),
                m.maxOutputTokens(),
                m.capabilities() == null ? Set.of() : Set.copyOf(m.capabilities()),
                m.qualityTier());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
