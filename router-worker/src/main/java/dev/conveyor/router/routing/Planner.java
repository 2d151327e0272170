package dev.conveyor.router.routing;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.catalog.ModelCatalog;
import dev.conveyor.router.catalog.ModelSpec;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.ModelRef;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Plans the chain of models a job may use, once; the plan travels in the message so every later
 * step is deterministic. A model or provider pin wins over the task type's route.
 */
@Component
public class Planner {

    private final ModelCatalog catalog;
    private final Providers providers;
    private final Map<String, RouterSettings.Route> routes;
    private final CircuitBreakers breakers;

    public Planner(ModelCatalog catalog, Providers providers, CircuitBreakers breakers, RouterSettings settings) {
        this.catalog = catalog;
        this.providers = providers;
        this.breakers = breakers;
        this.routes = settings.routes();
    }

    public List<ModelRef> plan(CompletionRequest job) throws JobRejected {
        if (!job.getPlan().isEmpty()) {
            return job.getPlan();
        }
        List<ModelSpec> chain = job.getModel() != null ? pinned(job) : routed(job);
        if (chain.isEmpty()) {
            throw new JobRejected("no enabled model can serve task type '" + job.getTaskType() + "'");
        }
        return chain.stream().map(m -> new ModelRef(m.provider(), m.model())).toList();
    }

    private List<ModelSpec> pinned(CompletionRequest job) throws JobRejected {
        var spec = job.getProvider() != null
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
        RouterSettings.Route route = routes.get(job.getTaskType());
        if (route == null) {
            throw new JobRejected(
                    "unknown task type '" + job.getTaskType() + "' (configured: " + routes.keySet() + ")");
        }
        List<ModelSpec> candidates = route.models().stream()
                .map(catalog::find)
                .flatMap(java.util.Optional::stream)
                .filter(m -> providers.enabled(m.provider()))
                .filter(m -> job.getProvider() == null || job.getProvider().equals(m.provider()))
                .toList();
        if (job.getProvider() != null && candidates.isEmpty()) {
            throw new JobRejected("unknown or disabled provider pin '" + job.getProvider() + "'");
        }
        List<ModelSpec> healthy = candidates.stream()
                .filter(m -> !breakers.isOpen(m.provider(), m.model()))
                .toList();
        if (!healthy.isEmpty()) {
            candidates = healthy;
        }
        return "quality".equals(route.strategy())
                ? candidates.stream()
                        .sorted(Comparator.comparingInt(ModelSpec::qualityTier).reversed())
                        .toList()
                : candidates;
    }
}
