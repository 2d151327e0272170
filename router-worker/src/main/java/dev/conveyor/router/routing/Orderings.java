package dev.conveyor.router.routing;

import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Strategy;
import dev.conveyor.catalog.TokenKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Predicate;

/** How each {@link Strategy} orders a job's candidate models. */
final class Orderings {

    private Orderings() {}

    /** What the ordering knows of the job: its expected tokens, wanted capabilities and the day. */
    record Job(int inputTokens, int outputTokens, Set<String> wanted, LocalDate day) {}

    static Comparator<Model> of(Strategy strategy, Job job, ModelStats stats, Predicate<Model> local) {
        Comparator<Model> byCost = Comparator.comparing(m -> expectedCost(m, job));
        Comparator<Model> byQuality =
                Comparator.comparingInt(Model::qualityTier).reversed().thenComparing(byCost);
        return switch (strategy) {
            case COST -> byCost;
            case LATENCY ->
                Comparator.comparingDouble((Model m) -> latencyMs(m, stats)).thenComparing(byCost);
            case QUALITY -> byQuality;
            case BALANCED -> Comparator.comparingDouble(m -> -balancedScore(m, job, stats));
            case LOCAL_FIRST ->
                Comparator.comparing((Model m) -> !local.test(m)).thenComparing(byCost);
            case CAPABILITY_MATCH ->
                Comparator.comparingLong((Model m) -> -job.wanted().stream()
                                .filter(m.capabilities()::contains)
                                .count())
                        .thenComparing(byQuality);
        };
    }

    private static double latencyMs(Model m, ModelStats stats) {
        return stats.latencyMs(m.key(), m.typicalLatency().toMillis());
    }

    private static BigDecimal expectedCost(Model m, Job job) {
        var prices = m.pricesOn(job.day());
        return prices.price(TokenKind.INPUT)
                .multiply(BigDecimal.valueOf(job.inputTokens()))
                .add(prices.price(TokenKind.OUTPUT).multiply(BigDecimal.valueOf(job.outputTokens())));
    }

    private static double balancedScore(Model m, Job job, ModelStats stats) {
        double cost = expectedCost(m, job).doubleValue() / 1_000_000 + 1e-6;
        double latencySeconds = latencyMs(m, stats) / 1000.0;
        double reliability = 1 - stats.errorRate(m.key());
        // ranking only: a float here never touches money
        return m.qualityTier() * reliability / (Math.log10(1 + cost * 1_000_000) + 1) / (1 + latencySeconds / 10);
    }
}
