package dev.conveyor.router.circuit;

import dev.conveyor.router.RouterSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class CircuitConfig {

    @Bean
    CircuitBreakers circuitBreakers(RouterSettings settings, Clock clock, MeterRegistry meters) {
        return new CircuitBreakers(
                settings.circuit().failureThreshold(), settings.circuit().coolDown(), clock, meters);
    }

    @Bean
    CircuitEndpoint circuitEndpoint(CircuitBreakers breakers) {
        return new CircuitEndpoint(breakers);
    }
}
