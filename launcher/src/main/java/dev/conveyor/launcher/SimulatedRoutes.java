package dev.conveyor.launcher;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Tokens;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The routes the stack runs with when the simulator stands in for every provider: each default task
 * type over two models of different providers, so the sample jobs spread across providers and a
 * model that goes down has somewhere to fall back to. With real keys the catalog's default chains
 * route instead, over the providers that are enabled.
 */
final class SimulatedRoutes {

    /** A task type's route: the strategy orders its models. */
    record Route(String taskType, String strategy, List<String> models) {}

    static final List<Route> ROUTES = List.of(
            // quality first: claude-sonnet-5 (tier 4), then qwen3-coder-480b (tier 3)
            new Route("code_analysis", "quality", List.of("anthropic/claude-sonnet-5", "together/qwen3-coder-480b")),
            // cheapest first
            new Route("test_generation", "cost", List.of("google/gemini-3.5-flash-lite", "anthropic/claude-opus-5")),
            new Route("documentation", "cost", List.of("mistral/mistral-small-latest", "openai/gpt-6-sol")),
            new Route("refactoring", "cost", List.of("openai/gpt-6-luna", "google/gemini-3.1-pro-preview")));

    private SimulatedRoutes() {}

    /** router-worker arguments that configure these routes. */
    static List<String> routerArgs() {
        List<String> args = new ArrayList<>();
        for (Route route : ROUTES) {
            String prefix = "--conveyor.router.routes." + route.taskType();
            args.add(prefix + ".strategy=" + route.strategy());
            for (int i = 0; i < route.models().size(); i++) {
                args.add(prefix + ".models[" + i + "]=" + route.models().get(i));
            }
        }
        return args;
    }

    /** The model a task type's jobs go to first while every model is up ({@code provider/model}). */
    static String primary(String taskType) {
        return route(taskType).models().getFirst();
    }

    /**
     * What a job's tokens would have cost on the most expensive model of its task type's route: the
     * price of sending every job to the premium model, to compare with what routing paid.
     */
    static BigDecimal premiumCost(Catalog catalog, String taskType, Tokens tokens, LocalDate day) {
        return route(taskType).models().stream()
                .map(key -> model(catalog, key).cost(tokens, day))
                .max(Comparator.naturalOrder())
                .orElseThrow();
    }

    private static Route route(String taskType) {
        return ROUTES.stream()
                .filter(r -> r.taskType().equals(taskType))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated route for task type " + taskType));
    }

    private static Model model(Catalog catalog, String key) {
        return catalog.find(key)
                .orElseThrow(() -> new IllegalStateException(key + " is not in the catalog; update SimulatedRoutes"));
    }
}
