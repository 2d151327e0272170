package dev.conveyor.router.ratelimit;

import dev.conveyor.router.RouterSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the rate-limit feature; its classes stay package-private. */
@Configuration
class RateLimitConfig {

    @Bean
    RateLimits rateLimits(RouterSettings settings, JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        RouterSettings.RateLimits limits = settings.rateLimits();
        return new RateLimits(
                limits,
                new BucketStore(jdbc, limits.recoveryStep(), limits.cutOn429()),
                clock,
                Pause.sleeping(clock),
                new RateLimitMetrics(meters));
    }
}
