package dev.conveyor.api.storage;

import dev.conveyor.api.ApiSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Retention of finished jobs and batches ({@code conveyor.api.retention}). */
@Configuration
class StorageConfig {

    @Bean(initMethod = "start", destroyMethod = "close")
    Retention retention(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ApiSettings settings,
            Clock clock,
            MeterRegistry meters) {
        return new Retention(jdbc, transactions, settings.retention(), clock, meters);
    }
}
