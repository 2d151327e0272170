package dev.conveyor.billing.budget;

import dev.conveyor.schemas.AlertMetric;
import java.math.BigDecimal;
import java.time.YearMonth;
import org.springframework.stereotype.Component;

/**
 * Raises an alert of another feature (reconciliation) through the same outbox and topic as budget
 * alerts: once per key (tenant, month, metric, threshold), published right away and retried by the
 * sweep.
 */
@Component
public class Alerts {

    private final AlertOutbox outbox;
    private final BudgetWatch watch;

    Alerts(AlertOutbox outbox, BudgetWatch watch) {
        this.outbox = outbox;
        this.watch = watch;
    }

    /** True when the alert is new. */
    public boolean raise(
            String key, YearMonth month, AlertMetric metric, int thresholdPercent, BigDecimal limit, BigDecimal used) {
        boolean raised = outbox.insert(outbox.alert(key, month, metric, thresholdPercent, limit, used)) > 0;
        if (raised) {
            watch.publishSoon();
        }
        return raised;
    }
}
