package dev.conveyor.router.routing;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Chain;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Strategy;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.ModelRef;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Plans the chain of models a job may use, once; the plan travels in the message so every later
 * step is deterministic. A model or provider pin wins over the task type's route; a job may name
 * one of the catalog's chains ({@code metadata.chain}). Candidates are the route's models, or the
 * chain's: every model of an enabled provider the chain prefers (any enabled model when none is
 * preferred, so one provider serves every chain). Retired models never are. Then they are filtered
 * by context window (prompt tokens counted with a real tokenizer, plus max output), required
 * capabilities ({@code metadata.capabilities}, comma-separated) and open circuits, and ordered by
 * the strategy.
 */
public class Planner {

    /** Metadata key a job uses to require model capabilities, e.g. {@code "code,long-context"}. */
    public static final String CAPABILITIES = "capabilities";

    /** Metadata key a job uses to name one of the catalog's chains, e.g. {@code "LOCAL_ONLY"}. */
    public static final String CHAIN = "chain";

    private final Catalog catalog;
    private final Providers providers;
    private final CircuitBreakers breakers;
    private final ModelStats stats;
    private final Clock clock;
    private final Predicate<Model> local;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    /** Explicit models (empty: the chain's), the chain (may be null) and the strategy. */
    private record Route(List<Model> models, Chain chain, Strategy strategy) {}

    public Planner(
            Catalog catalog,
            Providers providers,
            CircuitBreakers breakers,
            ModelStats stats,
            RouterSettings settings,
            Clock clock) {
        this.catalog = catalog;
        this.providers = providers;
        this.breakers = breakers;
        this.stats = stats;
        this.clock = clock;
        Set<String> keyless = settings.providers().entrySet().stream()
                .filter(e -> e.getValue().keyless())
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        this.local = m -> keyless.contains(m.provider())
                || catalog.provider(m.provider()).map(p -> p.local()).orElse(false);
        catalog.taskTypes()
                .forEach((taskType, chain) ->
                        routes.put(taskType, chainRoute(catalog.chain(chain).orElseThrow(), null)));
        settings.routes().forEach((taskType, route) -> routes.put(taskType, validated(taskType, route)));
    }

    public List<ModelRef> plan(CompletionRequest job) throws JobRejected {
        if (!job.getPlan().isEmpty()) {
            return job.getPlan();
        }
        List<Model> chain = job.getModel() != null ? pinned(job) : routed(job);
        return chain.stream().map(m -> new ModelRef(m.provider(), m.id())).toList();
    }

    /** The task types a job may name. */
    public Set<String> taskTypes() {
        return routes.keySet();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private List<Model> pinned(CompletionRequest job) throws JobRejected {
        Optional<Model> spec = job.getProvider() != null
                ? catalog.find(job.getProvider(), job.getModel())
                        .or(() -> catalog.findById(job.getModel())
                                .filter(m -> m.provider().equals(job.getProvider())))
                : catalog.findById(job.getModel());
        if (spec.isEmpty()) {
            throw new JobRejected("unknown model pin '" + job.getModel() + "'"
                    + (job.getProvider() == null ? "" : " for provider '" + job.getProvider() + "'"));
        }
        if (spec.get().retiredOn(today())) {
            throw new JobRejected("pinned model '" + spec.get().key() + "' was retired by its provider on "
                    + spec.get().retires());
        }
        if (!providers.enabled(spec.get().provider())) {
            throw new JobRejected(
                    "provider '" + spec.get().provider() + "' of pinned model '" + job.getModel() + "' is not enabled");
        }
        return List.of(spec.get());
    }

    private List<Model> routed(CompletionRequest job) throws JobRejected {
        Route route = route(job);
        LocalDate today = today();
        List<Model> enabled = (route.models().isEmpty() ? catalog.models() : route.models())
                .stream()
                        .filter(m -> !m.retiredOn(today))
                        .filter(m -> providers.enabled(m.provider()))
                        .filter(m -> route.chain() == null || !route.chain().localOnly() || local.test(m))
                        .filter(m ->
                                job.getProvider() == null || job.getProvider().equals(m.provider()))
                        .toList();
        if (enabled.isEmpty()) {
            throw new JobRejected(
                    job.getProvider() != null
                            ? "unknown or disabled provider pin '" + job.getProvider() + "'"
                            : "no enabled provider serves task type '" + job.getTaskType() + "'"
                                    + (route.chain() == null
                                            ? ""
                                            : " (chain " + route.chain().name() + ")"));
        }
        if (route.chain() != null && route.models().isEmpty()) {
            List<Model> preferred =
                    enabled.stream().filter(route.chain()::prefers).toList();
            enabled = preferred.isEmpty() ? enabled : preferred;
        }
        PromptSize prompt = PromptSize.of(job);
        int maxTokens = job.getMaxTokens();
        Set<String> required = required(job);
        List<Model> fitting = enabled.stream()
                .filter(m -> maxTokens <= m.maxOutputTokens() && prompt.fitsIn((long) m.contextWindow() - maxTokens))
                .filter(m -> m.capabilities().containsAll(required))
                .toList();
        if (fitting.isEmpty()) {
            throw new JobRejected(
                    "no model for task type '" + job.getTaskType() + "' fits " + prompt.exact() + " prompt tokens + "
                            + maxTokens + " max tokens" + (required.isEmpty() ? "" : " with " + required));
        }
        List<Model> healthy = fitting.stream()
                .filter(m -> !breakers.isOpen(m.provider(), m.id()))
                .toList();
        List<Model> candidates = healthy.isEmpty() ? fitting : healthy;
        Set<String> wanted = new HashSet<>(required);
        if (route.chain() != null) {
            wanted.addAll(route.chain().capabilities());
        }
        Orderings.Job expected = new Orderings.Job(prompt.estimate(), maxTokens, wanted, today);
        return candidates.stream()
                .sorted(Orderings.of(route.strategy(), expected, stats, local))
                .toList();
    }

    private Route route(CompletionRequest job) throws JobRejected {
        String chainName = job.getMetadata().get(CHAIN);
        if (chainName != null && !chainName.isBlank()) {
            Chain chain = catalog.chain(chainName.trim())
                    .orElseThrow(() -> new JobRejected("metadata.chain names unknown chain '" + chainName + "' (known: "
                            + String.join(", ", catalog.chains().keySet()) + ")"));
            return chainRoute(chain, null);
        }
        Route route = routes.get(job.getTaskType());
        if (route == null) {
            throw new JobRejected(
                    "unknown task type '" + job.getTaskType() + "' (configured: " + routes.keySet() + ")");
        }
        return route;
    }

    private static Set<String> required(CompletionRequest job) {
        String value = job.getMetadata().get(CAPABILITIES);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private static Route chainRoute(Chain chain, Strategy strategy) {
        return new Route(List.of(), chain, strategy != null ? strategy : chain.strategy());
    }

    private Route validated(String taskType, RouterSettings.Route route) {
        String key = "conveyor.router.routes." + taskType;
        if (route.chain() != null && !route.chain().isBlank()) {
            Chain chain = catalog.chain(route.chain().trim())
                    .orElseThrow(() -> new IllegalStateException(key + ".chain names unknown chain '" + route.chain()
                            + "' (known: " + String.join(", ", catalog.chains().keySet()) + ")"));
            if (route.models().isEmpty()) {
                return chainRoute(chain, route.strategy());
            }
        }
        if (route.models().isEmpty()) {
            throw new IllegalStateException(key + " should name a chain or list at least one provider/model");
        }
        List<Model> models = route.models().stream()
                .map(ref -> catalog.find(ref)
                        .orElseThrow(() -> new IllegalStateException(key + ".models names '" + ref
                                + "', which is not in the catalog (catalog.yml or conveyor.catalog.file)")))
                .toList();
        Chain chain = route.chain() == null
                ? null
                : catalog.chain(route.chain().trim()).orElseThrow();
        Strategy strategy =
                route.strategy() != null ? route.strategy() : chain != null ? chain.strategy() : Strategy.COST;
        return new Route(models, chain, strategy);
    }
}
