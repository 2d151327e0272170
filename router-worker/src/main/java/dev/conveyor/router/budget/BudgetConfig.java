package dev.conveyor.router.budget;

import dev.conveyor.router.catalog.ModelCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires budget reservations; its classes stay package-private but for the gate. */
@Configuration
class BudgetConfig {

    private static final Logger log = LoggerFactory.getLogger(BudgetConfig.class);

    @Bean
    BudgetGate budgetGate(
            BudgetSettings settings, JdbcClient jdbc, ModelCatalog catalog, Clock clock, MeterRegistry meters) {
        return BudgetGate.create(settings, jdbc, catalog, clock, meters);
    }

    /** Every worker sweeps expired reservations (of workers that died) a few times per time-to-live. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService budgetSweeper(BudgetSettings settings, JdbcClient jdbc, Clock clock) {
        ReservationStore store = new ReservationStore(jdbc);
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
