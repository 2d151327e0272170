package dev.conveyor.billing.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each tenant's month-to-date spend and budget as gauges, read from the ledger's monthly
 * aggregates every {@code interval}: {@code conveyor.tenant.spend.usd{tenant}},
 * {@code conveyor.tenant.tokens{tenant}} and, for tenants with limits,
 * {@code conveyor.tenant.budget.usd{tenant}} and {@code conveyor.tenant.token.quota{tenant}}. Metrics
 * for dashboards, not money: the ledger keeps the exact decimals.
 */
public final class TenantSpendMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TenantSpendMetrics.class);

    private static final String MONTH_TO_DATE = """
            SELECT m.tenant_id, SUM(m.cost_usd)::float8 AS cost, SUM(m.input_tokens + m.output_tokens)::float8 AS tokens,
                t.monthly_budget_usd::float8 AS budget, t.monthly_token_quota::float8 AS quota
            FROM billing.usage_monthly m LEFT JOIN billing.tenants t ON t.tenant_id = m.tenant_id
            WHERE m.usage_month = :month
            GROUP BY m.tenant_id, t.monthly_budget_usd, t.monthly_token_quota
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("tenant-spend-metrics").factory());

    public TenantSpendMetrics(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
    }

    public void start(Duration interval) {
        schedule.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.debug("Tenant spend metrics not read this round", e);
        }
    }

    /** Reads this month's figures now. */
    void refresh() {
        String month = YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString();
        jdbc.sql(MONTH_TO_DATE).param("month", month).query(rs -> {
            String tenant = rs.getString("tenant_id");
            // doubles from the database: gauges, never money
            set("conveyor.tenant.spend.usd", tenant, (Double) rs.getObject("cost"));
            set("conveyor.tenant.tokens", tenant, (Double) rs.getObject("tokens"));
            set("conveyor.tenant.budget.usd", tenant, (Double) rs.getObject("budget"));
            set("conveyor.tenant.token.quota", tenant, (Double) rs.getObject("quota"));
        });
    }

    /** The value last read; null when the gauge has none. */
    Double value(String name, String tenant) {
        AtomicReference<Double> value = gauges.get(name + "|" + tenant);
        return value == null ? null : value.get();
    }

    private void set(String name, String tenant, Double value) {
        if (value == null) {
            AtomicReference<Double> known = gauges.get(name + "|" + tenant);
            if (known != null) {
                known.set(Double.NaN); // a limit that was lifted
            }
            return;
        }
        gauges.computeIfAbsent(name + "|" + tenant, k -> {
                    AtomicReference<Double> holder = new AtomicReference<>(0.0);
                    Gauge.builder(name, holder, AtomicReference::get)
                            .tags("tenant", tenant)
                            .register(meters);
                    return holder;
                })
                .set(value);
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
