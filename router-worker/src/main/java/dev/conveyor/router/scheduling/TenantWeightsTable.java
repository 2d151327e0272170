package dev.conveyor.router.scheduling;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tenant weights as producer-api keeps them ({@code intake.tenants.scheduling_weight}, set through
 * its admin API), read again every refresh. The router only reads them; until they can be read (no
 * producer-api database yet) every tenant weighs 1.
 */
final class TenantWeightsTable implements TenantWeights, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TenantWeightsTable.class);

    private final JdbcClient jdbc;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("tenant-weights").factory());
    private volatile Map<String, Integer> weights = Map.of();
    private volatile boolean warned;

    TenantWeightsTable(JdbcClient jdbc, Duration refresh) {
        this.jdbc = jdbc;
        timer.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int weightOf(String tenant) {
        return weights.getOrDefault(tenant, 1);
    }

    void refresh() {
        try {
            weights = jdbc
                    .sql("SELECT tenant_id, scheduling_weight FROM intake.tenants WHERE scheduling_weight <> 1")
                    .query((rs, row) -> Map.entry(rs.getString(1), rs.getInt(2)))
                    .list()
                    .stream()
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
            warned = false;
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                log.info(
                        "Tenant weights cannot be read from intake.tenants yet ({}); every tenant weighs {}",
                        e.getClass().getSimpleName(),
                        weights.isEmpty() ? "1" : "what was last read");
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
