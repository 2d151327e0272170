package dev.conveyor.router.dispatch;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.routing.ModelStats;
import dev.conveyor.router.routing.Planner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;

/** A job processor over real provider adapters, without Kafka, records, cache, budgets or rate limits. */
final class Processors {

    private Processors() {}

    static JobProcessor direct(Catalog catalog, RouterSettings settings, Clock clock) {
        Providers providers = new Providers(settings);
        CircuitBreakers breakers = new CircuitBreakers(
                new RouterSettings.Circuit(3, Duration.ofMinutes(5)), clock, new SimpleMeterRegistry());
        JobMetrics metrics = new JobMetrics(new SimpleMeterRegistry());
        return new JobProcessor(
                new Planner(catalog, providers, breakers, new ModelStats(), settings, clock),
                providers,
                catalog,
                new ModelCaller(
                        settings.retry(),
                        breakers,
                        new ModelStats(),
                        metrics,
                        clock,
                        wait -> {},
                        new SplittableRandom(1)),
                new Results(clock),
                null,
                null,
                settings.topics(),
                null,
                metrics,
                clock,
                new JobAdmission(Set.of(), tenant -> true));
    }
}
