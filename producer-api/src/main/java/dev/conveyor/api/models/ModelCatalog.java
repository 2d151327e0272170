package dev.conveyor.api.models;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * What intake checks pins, chains and output limits against: the shared {@link Catalog} (the same
 * {@code catalog.yml} and {@code conveyor.catalog.file} the router reads), less the models their
 * providers have retired.
 */
@Component
public class ModelCatalog {

    private final Catalog catalog;
    private final Clock clock;

    ModelCatalog(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    private List<Model> served() {
        return catalog.servedOn(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    public boolean knowsProvider(String provider) {
        return catalog.providers().containsKey(provider);
    }

    /** The served model with this catalog or wire id, of this provider when one is given. */
    public Optional<Model> find(String modelId, String provider) {
        return served().stream()
                .filter(m -> m.id().equals(modelId) || m.wireId().equals(modelId))
                .filter(m -> provider == null || m.provider().equals(provider))
                .findFirst();
    }

    /** The largest max_tokens any model the job may run on accepts. */
    public int maxOutputTokens(String provider) {
        return served().stream()
                .filter(m -> provider == null || m.provider().equals(provider))
                .mapToInt(Model::maxOutputTokens)
                .max()
                .orElse(0);
    }

    public Set<String> ids() {
        TreeSet<String> ids = new TreeSet<>();
        served().forEach(m -> ids.add(m.id()));
        return ids;
    }

    public Set<String> providers() {
        return new TreeSet<>(catalog.providers().keySet());
    }

    public boolean knowsChain(String name) {
        return catalog.chain(name).isPresent();
    }

    public Set<String> chains() {
        return new TreeSet<>(catalog.chains().keySet());
    }
}
