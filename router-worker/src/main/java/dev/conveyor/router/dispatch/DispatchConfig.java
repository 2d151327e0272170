package dev.conveyor.router.dispatch;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.cache.ResponseCache;
import dev.conveyor.router.catalog.ModelCatalog;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.routing.ModelStats;
import dev.conveyor.router.routing.Planner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/** Wires the dispatch feature; its classes stay package-private. */
@Configuration
class DispatchConfig {

    @Bean
    JobProcessor jobProcessor(
            Planner planner,
            Providers providers,
            ModelCatalog catalog,
            RouterSettings settings,
            Clock clock,
            JdbcClient jdbc,
            KafkaTemplate<String, Object> kafka,
            CircuitBreakers breakers,
            ModelStats stats,
            ResponseCache cache,
            MeterRegistry meters) {
        DispatchMetrics metrics = new DispatchMetrics(meters);
        return new JobProcessor(
                planner,
                providers,
                catalog,
                new ModelCaller(
                        settings.retry(), breakers, stats, metrics, clock, Pauser.SLEEP, RandomGenerator.getDefault()),
                new Results(catalog, clock),
                new CompletionRecords(jdbc),
                new OutcomePublisher(kafka, settings.topics()),
                settings.topics(),
                cache,
                metrics);
    }

    @Bean
    JobListener jobListener(JobProcessor processor, RouterSettings settings) {
        return new JobListener(processor, settings.topics());
    }
}
