package dev.conveyor.billing.budget;

import dev.conveyor.schemas.AlertMetric;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.UUID;

/** Deterministic alert ids: the same tenant, month, metric and threshold always give the same id. */
final class AlertIds {

    private AlertIds() {}

    static String of(String tenantId, YearMonth month, AlertMetric metric, int thresholdPercent) {
        String name =
                "conveyor-alert\u0000" + tenantId + '\u0000' + month + '\u0000' + metric + '\u0000' + thresholdPercent;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
