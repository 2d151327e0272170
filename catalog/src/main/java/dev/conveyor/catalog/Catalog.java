package dev.conveyor.catalog;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one catalog of providers, models (wire ids, prices, capabilities, limits, retirement
 * dates), named chains and the default chain of each task type. Every service, the benchmarks and
 * the provider simulator read it from {@code catalog.yml}; operators replace or extend entries
 * with a file of the same shape ({@code conveyor.catalog.file}).
 */
public final class Catalog {

    private final Map<String, Provider> providers;
    private final Map<String, Model> models = new LinkedHashMap<>();
    private final Map<String, Chain> chains;
    private final Map<String, String> taskTypes;

    Catalog(
            Map<String, Provider> providers,
            List<Model> models,
            Map<String, Chain> chains,
            Map<String, String> taskTypes) {
        this.providers = Map.copyOf(providers);
        for (Model m : models) {
            if (!this.providers.containsKey(m.provider())) {
                throw new CatalogException("catalog.models[" + m.key() + "].provider '" + m.provider()
                        + "' is not in catalog.providers " + this.providers.keySet());
            }
            if (this.models.put(m.key(), m) != null) {
                throw new CatalogException("catalog.models lists " + m.key() + " twice");
            }
        }
        for (Chain chain : chains.values()) {
            for (String ref : chain.models()) {
                if (!this.models.containsKey(ref)) {
                    throw new CatalogException("catalog.chains." + chain.name() + ".models names '" + ref
                            + "', which is not in catalog.models (name models as provider/id)");
                }
            }
        }
        taskTypes.forEach((task, chain) -> {
            if (!chains.containsKey(chain)) {
                throw new CatalogException("catalog.task-types." + task + " names chain '" + chain
                        + "', which is not in catalog.chains " + chains.keySet());
            }
        });
        this.chains = Map.copyOf(chains);
        this.taskTypes = Map.copyOf(taskTypes);
    }

    /** The shipped catalog ({@code catalog.yml} on the classpath). */
    public static Catalog load() {
        return CatalogYaml.read(List.of());
    }

    /** The shipped catalog with an operator's file of the same shape laid over it. */
    public static Catalog load(Path override) {
        return CatalogYaml.read(override == null ? List.of() : List.of(override));
    }

    /** A catalog of these parts alone, for tests and tools. */
    public static Catalog of(
            Collection<Provider> providers,
            List<Model> models,
            Collection<Chain> chains,
            Map<String, String> taskTypes) {
        Map<String, Provider> byId = new LinkedHashMap<>();
        providers.forEach(p -> byId.put(p.id(), p));
        Map<String, Chain> byName = new LinkedHashMap<>();
        chains.forEach(c -> byName.put(c.name(), c));
        return new Catalog(byId, models, byName, taskTypes);
    }

    public List<Model> models() {
        return List.copyOf(models.values());
    }

    /** The models a provider still serves on this day. */
    public List<Model> servedOn(LocalDate day) {
        return models.values().stream().filter(m -> !m.retiredOn(day)).toList();
    }

    public Optional<Model> find(String key) {
        return Optional.ofNullable(models.get(key));
    }

    public Optional<Model> find(String provider, String id) {
        return find(provider + "/" + id);
    }

    /** A model by catalog id or wire id alone; the first provider that lists it wins. */
    public Optional<Model> findById(String id) {
        return models.values().stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .or(() -> models.values().stream()
                        .filter(m -> m.wireId().equals(id))
                        .findFirst());
    }

    public Map<String, Provider> providers() {
        return providers;
    }

    public Optional<Provider> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    public Map<String, Chain> chains() {
        return chains;
    }

    public Optional<Chain> chain(String name) {
        return Optional.ofNullable(chains.get(name));
    }

    /** Task type → the name of its default chain. */
    public Map<String, String> taskTypes() {
        return taskTypes;
    }
}
