package dev.conveyor.router.storage;

import dev.conveyor.router.RouterSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Retention of completion records and response-cache rows ({@code conveyor.router.retention}). */
@Configuration
class StorageConfig {

    @Bean(initMethod = "start", destroyMethod = "close")
    Retention retention(JdbcClient jdbc, RouterSettings settings, Clock clock, MeterRegistry meters) {
        return new Retention(jdbc, settings.retention(), clock, meters);
    }
}
