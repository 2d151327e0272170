package dev.conveyor.router.ratelimit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.conveyor.router.RouterSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the rate-limit feature; its classes stay package-private. */
@Configuration
class RateLimitConfig {

    /**
     * Connections of the limiter's own pool. Leases are taken under a per-limit lock while callers
     * wait; on the shared pool they queued behind thousands of jobs' own queries when the worker was
     * busy, and every caller of that limit waited with them.
     */
    static final int POOL_SIZE = 6;

    @Bean
    BucketDatabase rateLimitDatabase(RouterSettings settings, DataSource dataSource, JdbcClient jdbc) {
        if (settings.rateLimits().providers().isEmpty() || !(dataSource instanceof HikariDataSource shared)) {
            return new BucketDatabase(jdbc, null);
        }
        HikariConfig config = new HikariConfig();
        shared.copyStateTo(config);
        config.setPoolName("rate-limits");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        HikariDataSource own = new HikariDataSource(config);
        return new BucketDatabase(JdbcClient.create(own), own);
    }

    @Bean
    RateLimits rateLimits(RouterSettings settings, BucketDatabase database, Clock clock, MeterRegistry meters) {
        RouterSettings.RateLimits limits = settings.rateLimits();
        return new RateLimits(
                limits,
                new BucketStore(database.jdbc(), limits.recoveryStep(), limits.cutOn429()),
                clock,
                Pause.sleeping(clock),
                new RateLimitMetrics(meters));
    }

    /** The limiter's connections to PostgreSQL; its own pool, if any, closes with the context. */
    record BucketDatabase(JdbcClient jdbc, HikariDataSource pool) implements AutoCloseable {

        @Override
        public void close() {
            if (pool != null) {
                pool.close();
            }
        }
    }
}
