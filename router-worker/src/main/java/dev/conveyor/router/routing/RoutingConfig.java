package dev.conveyor.router.routing;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.catalog.ModelCatalog;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
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
            ModelCatalog catalog,
            Providers providers,
            CircuitBreakers breakers,
            ModelStats stats,
            RouterSettings settings) {
        return new Planner(catalog, providers, breakers, stats, settings);
    }
}
