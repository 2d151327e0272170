package dev.conveyor.router.admin;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.routing.ModelStats;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operators' view of the providers: {@code /actuator/providers}. */
@Configuration
class AdminConfig {

    @Bean
    ProvidersEndpoint providersEndpoint(
            RouterSettings settings,
            Providers providers,
            Catalog catalog,
            CircuitBreakers breakers,
            MeterRegistry meters,
            ModelStats stats,
            Clock clock) {
        return new ProvidersEndpoint(
                settings, providers, catalog, breakers, meters, stats, new HealthCheck(providers, clock));
    }

    /** The health check's body, checked before the actuator reads it ({@link HealthCheckBody}). */
    @Bean
    FilterRegistrationBean<HealthCheckBody> healthCheckBody() {
        FilterRegistrationBean<HealthCheckBody> registration = new FilterRegistrationBean<>(new HealthCheckBody());
        registration.addUrlPatterns("/actuator/providers/*");
        return registration;
    }
}
