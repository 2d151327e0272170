package dev.conveyor.router.dispatch;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.routing.ModelStats;
import dev.conveyor.router.routing.Planner;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** A job processor over real provider adapters, without Kafka, records, cache, budgets or rate limits; and a job. */
final class Processors {

    private Processors() {}

    /** A code_analysis job of tenant {@code t} with one user message and a 64-token cap. */
    static CompletionRequest job(String id) {
        return CompletionRequest.newBuilder()
                .setJobId(id)
                .setTenantId("t")
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "review this")))
                .setMaxTokens(64)
                .build();
    }

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
