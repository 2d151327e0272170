package dev.conveyor.router.routing;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class RoutingConfig {

    @Bean
    ModelStats modelStats() {
        return new ModelStats();
    }

    @Bean
    Planner planner(
            Catalog catalog,
            Providers providers,
            CircuitBreakers breakers,
            ModelStats stats,
            RouterSettings settings,
            Clock clock) {
        return new Planner(catalog, providers, breakers, stats, settings, clock);
    }
}
