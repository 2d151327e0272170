package dev.conveyor.router.scheduling;

import dev.conveyor.router.RouterSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the call slots and their scheduler from {@code conveyor.router.topics.lanes} and {@code scheduling}. */
@Configuration
class SchedulingConfig {

    @Bean(destroyMethod = "close")
    TenantWeightsTable tenantWeights(JdbcClient jdbc, RouterSettings settings) {
        return new TenantWeightsTable(jdbc, settings.scheduling().weightsRefresh());
    }

    @Bean
    CallSlots callSlots(RouterSettings settings, TenantWeightsTable weights, Clock clock, MeterRegistry meters) {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        settings.topics().lanes().forEach((name, lane) -> lanes.put(name, lane.weight()));
        return new CallSlots(
                settings.inFlightCap(), lanes, weights, settings.scheduling().enabled(), clock, meters);
    }
}
