package dev.conveyor.router.routing;

import dev.conveyor.router.catalog.ModelSpec;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Predicate;

/** How a route orders its candidate models. */
enum Strategy {
    /** Cheapest for this job's expected tokens first. */
    COST,
    /** Lowest observed latency first. */
    LATENCY,
    /** Highest quality tier first, cheaper first within a tier. */
    QUALITY,
    /** Quality per dollar, penalised by observed latency and error rate. */
    BALANCED,
    /** Self-hosted models (keyless providers such as vLLM or Ollama) first, then by cost. */
    LOCAL_FIRST;

    static Strategy parse(String name, String key) {
        try {
            return valueOf(name.trim().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    key + ": unknown strategy '" + name + "' (known: cost, latency, quality, balanced, local-first)");
        }
    }

    Comparator<ModelSpec> order(int inputTokens, int outputTokens, ModelStats stats, Predicate<ModelSpec> local) {
        Comparator<ModelSpec> byCost = Comparator.comparing(m -> expectedCost(m, inputTokens, outputTokens));
        return switch (this) {
            case COST -> byCost;
            case LATENCY -> Comparator.comparingDouble(m -> stats.latencyMs(m.key()));
            case QUALITY ->
                Comparator.comparingInt(ModelSpec::qualityTier).reversed().thenComparing(byCost);
            case BALANCED -> Comparator.comparingDouble(m -> -balancedScore(m, inputTokens, outputTokens, stats));
            case LOCAL_FIRST ->
                Comparator.comparing((ModelSpec m) -> !local.test(m)).thenComparing(byCost);
        };
    }

    private static BigDecimal expectedCost(ModelSpec m, int inputTokens, int outputTokens) {
        return m.inputPerMillion()
                .multiply(BigDecimal.valueOf(inputTokens))
                .add(m.outputPerMillion().multiply(BigDecimal.valueOf(outputTokens)));
    }

    private static double balancedScore(ModelSpec m, int inputTokens, int outputTokens, ModelStats stats) {
        double cost = expectedCost(m, inputTokens, outputTokens).doubleValue() / 1_000_000 + 1e-6;
        double latencySeconds = stats.latencyMs(m.key()) / 1000.0;
        double reliability = 1 - stats.errorRate(m.key());
        // ranking only: a float here never touches money
        return m.qualityTier() * reliability / (Math.log10(1 + cost * 1_000_000) + 1) / (1 + latencySeconds / 10);
    }
}
