package dev.conveyor.router.budget;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.conveyor.catalog.Catalog;
import dev.conveyor.router.RouterSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires budget reservations; its classes stay package-private but for the gate. */
@Configuration
class BudgetConfig {

    private static final Logger log = LoggerFactory.getLogger(BudgetConfig.class);

    /**
     * Connections of the budget's own pool: reservations queue on one row lock per tenant while
     * thousands of jobs' other queries share the main pool; on it they waited out its timeout and
     * calls went ahead unreserved (docs/decisions.md, D8).
     */
    static final int POOL_SIZE = 4;

    @Bean
    BudgetGate budgetGate(
            RouterSettings router, BudgetPool database, Catalog catalog, Clock clock, MeterRegistry meters) {
        return BudgetGate.create(router.budget(), database.jdbc(), catalog, clock, meters);
    }

    @Bean
    BudgetPool budgetDatabase(RouterSettings router, DataSource dataSource, JdbcClient jdbc) {
        RouterSettings.Budget settings = router.budget();
        if (!settings.enabled() || !(dataSource instanceof HikariDataSource shared)) {
            return new BudgetPool(jdbc, null);
        }
        HikariConfig config = new HikariConfig();
        shared.copyStateTo(config);
        config.setPoolName("budget");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        HikariDataSource own = new HikariDataSource(config);
        return new BudgetPool(JdbcClient.create(own), own);
    }

    /** The budget's connections to PostgreSQL; its own pool, if any, closes with the context. */
    record BudgetPool(JdbcClient jdbc, HikariDataSource pool) implements AutoCloseable {

        @Override
        public void close() {
            if (pool != null) {
                pool.close();
            }
        }
    }

    /** Every worker sweeps expired reservations (of workers that died) a few times per time-to-live. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService budgetSweeper(RouterSettings router, BudgetPool database, Clock clock) {
        RouterSettings.Budget settings = router.budget();
        ReservationStore store = new ReservationStore(database.jdbc());
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("budget-sweeper").daemon(true).factory());
        long every = Math.max(1_000, settings.reservationTtl().dividedBy(4).toMillis());
        if (settings.enabled()) {
            sweeper.scheduleWithFixedDelay(() -> sweep(store, clock), every, every, TimeUnit.MILLISECONDS);
        }
        return sweeper;
    }

    private static void sweep(ReservationStore store, Clock clock) {
        try {
            int expired = store.sweep(clock.instant());
            if (expired > 0) {
                log.info("Gave back {} expired budget reservations (their workers stopped)", expired);
            }
        } catch (RuntimeException e) {
            log.warn("Expired budget reservations not swept, will retry: {}", e.toString());
        }
    }
}
