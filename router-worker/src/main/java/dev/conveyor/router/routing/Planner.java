package dev.conveyor.router.routing;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.catalog.ModelCatalog;
import dev.conveyor.router.catalog.ModelSpec;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.ModelRef;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans the chain of models a job may use, once; the plan travels in the message so every later
 * step is deterministic. A model or provider pin wins over the task type's route. Candidates are
 * filtered by context window (prompt tokens counted with a real tokenizer, plus max output),
 * required capabilities ({@code metadata.capabilities}, comma-separated) and open circuits, then
 * ordered by the route's strategy.
 */
public class Planner {

    /** Metadata key a job uses to require model capabilities, e.g. {@code "code,long-context"}. */
    public static final String CAPABILITIES = "capabilities";

    private final ModelCatalog catalog;
    private final Providers providers;
    private final CircuitBreakers breakers;
    private final ModelStats stats;
    private final Set<String> localProviders;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    private record Route(List<ModelSpec> models, Strategy strategy) {}

    public Planner(
            ModelCatalog catalog,
            Providers providers,
            CircuitBreakers breakers,
            ModelStats stats,
            RouterSettings settings) {
        this.catalog = catalog;
        this.providers = providers;
        this.breakers = breakers;
        this.stats = stats;
        this.localProviders = settings.providers().entrySet().stream()
                .filter(e -> e.getValue().keyless())
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        settings.routes().forEach((taskType, route) -> routes.put(taskType, validated(taskType, route)));
    }

    public List<ModelRef> plan(CompletionRequest job) throws JobRejected {
        if (!job.getPlan().isEmpty()) {
            return job.getPlan();
        }
        List<ModelSpec> chain = job.getModel() != null ? pinned(job) : routed(job);
        return chain.stream().map(m -> new ModelRef(m.provider(), m.model())).toList();
    }

    private List<ModelSpec> pinned(CompletionRequest job) throws JobRejected {
        Optional<ModelSpec> spec = job.getProvider() != null
                ? catalog.find(job.getProvider(), job.getModel())
                : catalog.findById(job.getModel());
        if (spec.isEmpty()) {
            throw new JobRejected("unknown model pin '" + job.getModel() + "'"
                    + (job.getProvider() == null ? "" : " for provider '" + job.getProvider() + "'"));
        }
        if (!providers.enabled(spec.get().provider())) {
            throw new JobRejected(
                    "provider '" + spec.get().provider() + "' of pinned model '" + job.getModel() + "' is not enabled");
        }
        return List.of(spec.get());
    }

    private List<ModelSpec> routed(CompletionRequest job) throws JobRejected {
        Route route = routes.get(job.getTaskType());
        if (route == null) {
            throw new JobRejected(
                    "unknown task type '" + job.getTaskType() + "' (configured: " + routes.keySet() + ")");
        }
        List<ModelSpec> enabled = route.models().stream()
                .filter(m -> providers.enabled(m.provider()))
                .filter(m -> job.getProvider() == null || job.getProvider().equals(m.provider()))
                .toList();
        if (enabled.isEmpty()) {
            throw new JobRejected(
                    job.getProvider() != null
                            ? "unknown or disabled provider pin '" + job.getProvider() + "'"
                            : "no enabled provider serves task type '" + job.getTaskType() + "'");
        }
        PromptSize prompt = PromptSize.of(job);
        int maxTokens = job.getMaxTokens();
        Set<String> required = required(job);
        List<ModelSpec> fitting = enabled.stream()
                .filter(m -> maxTokens <= m.maxOutputTokens() && prompt.fitsIn((long) m.contextWindow() - maxTokens))
                .filter(m -> m.capabilities().containsAll(required))
                .toList();
        if (fitting.isEmpty()) {
            throw new JobRejected(
                    "no model for task type '" + job.getTaskType() + "' fits " + prompt.exact() + " prompt tokens + "
                            + maxTokens + " max tokens" + (required.isEmpty() ? "" : " with " + required));
        }
        List<ModelSpec> healthy = fitting.stream()
                .filter(m -> !breakers.isOpen(m.provider(), m.model()))
                .toList();
        List<ModelSpec> candidates = healthy.isEmpty() ? fitting : healthy;
        return candidates.stream()
                .sorted(route.strategy()
                        .order(prompt.estimate(), maxTokens, stats, m -> localProviders.contains(m.provider())))
                .toList();
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

    private Route validated(String taskType, RouterSettings.Route route) {
        String key = "conveyor.router.routes." + taskType;
        if (route.models() == null || route.models().isEmpty()) {
            throw new IllegalStateException(key + ".models must list at least one provider/model");
        }
        List<ModelSpec> models = route.models().stream()
                .map(ref -> catalog.find(ref)
                        .orElseThrow(() -> new IllegalStateException(
                                key + ".models names '" + ref + "', which is not in conveyor.router.models")))
                .toList();
        return new Route(models, Strategy.parse(route.strategy(), key + ".strategy"));
    }
}
