package dev.conveyor.billing.reconcile;

import dev.conveyor.billing.BillingSettings;
import dev.conveyor.billing.budget.Alerts;
import dev.conveyor.schemas.AlertMetric;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Compares the ledger with each provider's own usage and cost reports, per UTC day, model and
 * kind, daily for the two days before today (a provider's reports settle over a day or so), for
 * every provider with an admin key. A difference beyond the tolerance is a discrepancy: counted in
 * {@code conveyor.reconciliation.discrepancies}, logged, and raised once per provider and month as
 * a {@code RECONCILIATION_USD} alert on the alerts topic, keyed {@code provider:NAME}.
 */
@Component
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final Map<String, ProviderReports> providers = new LinkedHashMap<>();
    private final LedgerDays ledger;
    private final Reconciliations store;
    private final Alerts alerts;
    private final Clock clock;
    private final BillingSettings.Reconciliation settings;
    private final Map<String, AtomicInteger> discrepancies = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    Reconciler(
            BillingSettings settings,
            LedgerDays ledger,
            Reconciliations store,
            Alerts alerts,
            Clock clock,
            MeterRegistry meters) {
        this.settings = settings.reconciliation();
        this.ledger = ledger;
        this.store = store;
        this.alerts = alerts;
        this.clock = clock;
        this.meters = meters;
        this.settings.providers().forEach((name, admin) -> {
            if (admin.enabled()) {
                providers.put(name, reports(name, admin));
            }
        });
    }

    @Scheduled(cron = "${conveyor.billing.reconciliation.cron:0 30 1 * * *}", zone = "UTC")
    void daily() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        reconcile(today.minusDays(2));
        reconcile(today.minusDays(1));
    }

    /** Reconciles {@code day} for every provider with an admin key; answers the discrepancies found. */
    List<Comparison> reconcile(LocalDate day) {
        List<Comparison> found = new ArrayList<>();
        providers.forEach((provider, reports) -> {
            try {
                found.addAll(reconcile(day, provider, reports.day(day)));
            } catch (ReportUnavailable e) {
                log.warn(
                        "Reconciliation of {} for {} skipped, the next run tries again: {}",
                        provider,
                        day,
                        e.getMessage());
            }
        });
        return found;
    }

    private List<Comparison> reconcile(LocalDate day, String provider, Figures reported) {
        Figures ours = ledger.day(provider, day);
        TreeSet<String> models = new TreeSet<>(ours.models());
        models.addAll(reported.models());
        List<Comparison> rows = new ArrayList<>();
        for (String model : models) {
            for (Kind kind : EnumSet.allOf(Kind.class)) {
                if (kind.money() && !costsReported(reported)) {
                    continue; // a cost report with no line for the day while usage is reported: tokens only
                }
                BigDecimal a = ours.get(model, kind);
                BigDecimal b = reported.get(model, kind);
                BigDecimal tolerance =
                        kind.money() ? settings.toleranceUsd() : BigDecimal.valueOf(settings.toleranceTokens());
                rows.add(new Comparison(
                        day,
                        provider,
                        model,
                        kind.wire(),
                        a,
                        b,
                        b.subtract(a).abs().compareTo(tolerance) <= 0));
            }
        }
        store.replace(day, provider, rows);
        List<Comparison> off = rows.stream().filter(c -> !c.withinTolerance()).toList();
        gauge(provider).set(off.size());
        if (!off.isEmpty()) {
            log.warn(
                    "Ledger and {}'s own reports differ on {} beyond the tolerance: {}; see GET /v1/reconciliation?month={}",
                    provider,
                    day,
                    off,
                    YearMonth.from(day));
            BigDecimal largest = off.stream()
                    .filter(c -> c.kind().equals(Kind.COST_USD.wire()))
                    .map(c -> c.difference().abs())
                    .max(BigDecimal::compareTo)
                    .orElse(BigDecimal.ZERO);
            alerts.raise(
                    "provider:" + provider,
                    YearMonth.from(day),
                    AlertMetric.RECONCILIATION_USD,
                    100,
                    settings.toleranceUsd(),
                    largest);
        }
        return off;
    }

    private static boolean costsReported(Figures reported) {
        return reported.models().stream().anyMatch(m -> reported.has(m, Kind.COST_USD));
    }

    private AtomicInteger gauge(String provider) {
        return discrepancies.computeIfAbsent(provider, p -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("conveyor.reconciliation.discrepancies", value, AtomicInteger::get)
                    .description("Comparisons beyond the tolerance in the provider's last reconciled day")
                    .tag("provider", p)
                    .register(meters);
            return value;
        });
    }

    private static ProviderReports reports(String name, BillingSettings.ProviderAdmin admin) {
        return "anthropic".equals(admin.api())
                ? new AnthropicReports(name, admin.baseUrl(), admin.adminKey())
                : new OpenAiReports(name, admin.baseUrl(), admin.adminKey());
    }
}
