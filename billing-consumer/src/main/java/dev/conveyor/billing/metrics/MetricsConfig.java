package dev.conveyor.billing.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tenants' spend as metrics, for the Grafana dashboards. */
@Configuration
class MetricsConfig {

    /** Dashboards refresh every few tens of seconds; the monthly aggregates are one row per model. */
    private static final Duration INTERVAL = Duration.ofSeconds(15);

    @Bean(destroyMethod = "close")
    TenantSpendMetrics tenantSpendMetrics(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        TenantSpendMetrics metrics = new TenantSpendMetrics(jdbc, clock, meters);
        metrics.start(INTERVAL);
        return metrics;
    }
}
