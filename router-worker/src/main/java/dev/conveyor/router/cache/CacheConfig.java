package dev.conveyor.router.cache;

import dev.conveyor.router.RouterSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration
class CacheConfig {

    @Bean(destroyMethod = "close")
    ResponseCache responseCache(JdbcClient jdbc, Clock clock, RouterSettings settings, MeterRegistry meters) {
        return new ResponseCache(jdbc, clock, settings.cache(), meters);
    }
}
