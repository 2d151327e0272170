package dev.conveyor.router.circuit;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.Providers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class CircuitConfig {

    @Bean
    CircuitBreakers circuitBreakers(RouterSettings settings, Clock clock, MeterRegistry meters) {
        return new CircuitBreakers(settings.circuit(), clock, meters);
    }

    /** Closed with the context (Spring calls {@code close()}), before the providers it calls. */
    @Bean
    CircuitProber circuitProber(
            CircuitBreakers breakers, Providers providers, Catalog catalog, Clock clock, RouterSettings settings) {
        CircuitProber prober = new CircuitProber(
                breakers,
                providers,
                (provider, model) ->
                        catalog.find(provider, model).map(Model::wireId).orElse(model),
                clock);
        prober.start(settings.circuit().probeInterval());
        return prober;
    }

    @Bean
    CircuitEndpoint circuitEndpoint(CircuitBreakers breakers) {
        return new CircuitEndpoint(breakers);
    }
}
