package dev.conveyor.api.models;

import dev.conveyor.api.ApiSettings;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The models intake accepts as pins, with their providers and output limits: a copy of the
 * router's catalog ({@code conveyor.router.models}) kept in {@code conveyor.api.models}.
 */
@Component
public class ModelCatalog {

    private final List<ApiSettings.Model> models;

    ModelCatalog(ApiSettings settings) {
        this.models = settings.models();
    }

    public boolean knowsProvider(String provider) {
        return models.stream().anyMatch(m -> m.provider().equals(provider));
    }

    /** The model with this id, of this provider when one is given. */
    public Optional<ApiSettings.Model> find(String modelId, String provider) {
        return models.stream()
                .filter(m -> m.id().equals(modelId))
                .filter(m -> provider == null || m.provider().equals(provider))
                .findFirst();
    }

    /** The largest max_tokens any model the job may run on accepts. */
    public int maxOutputTokens(String provider) {
        return models.stream()
                .filter(m -> provider == null || m.provider().equals(provider))
                .mapToInt(ApiSettings.Model::maxOutputTokens)
                .max()
                .orElse(0);
    }

    public Set<String> ids() {
        TreeSet<String> ids = new TreeSet<>();
        models.forEach(m -> ids.add(m.id()));
        return ids;
    }

    public Set<String> providers() {
        TreeSet<String> providers = new TreeSet<>();
        models.forEach(m -> providers.add(m.provider()));
        return providers;
    }
}
