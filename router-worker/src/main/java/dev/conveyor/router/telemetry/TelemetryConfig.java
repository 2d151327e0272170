package dev.conveyor.router.telemetry;

import dev.conveyor.router.RouterSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Consumer lag, read in the background while the worker runs. */
@Configuration
class TelemetryConfig {

    @Bean(destroyMethod = "close")
    ConsumerLag consumerLag(RouterSettings router, KafkaAdmin kafka, MeterRegistry meters) {
        RouterSettings.Telemetry settings = router.telemetry();
        ConsumerLag lag = new ConsumerLag(
                Admin.create(kafka.getConfigurationProperties()),
                settings.lagGroups(),
                router.topics().requests(),
                meters);
        if (!settings.lagGroups().isEmpty()) {
            lag.start(settings.lagInterval());
        }
        return lag;
    }
}
