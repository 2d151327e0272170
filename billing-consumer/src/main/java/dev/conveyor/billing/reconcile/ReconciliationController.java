package dev.conveyor.billing.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conveyor.billing.api.Inputs;
import java.time.YearMonth;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin: {@code GET /v1/reconciliation?month=yyyy-MM}, the month's comparisons (producer-api proxies it). */
@RestController
class ReconciliationController {

    private final Reconciliations store;

    ReconciliationController(Reconciliations store) {
        this.store = store;
    }

    record Report(
            @JsonProperty("month") String month,
            @JsonProperty("discrepancies") long discrepancies,
            @JsonProperty("comparisons") List<Comparison> comparisons) {}

    @GetMapping("/v1/reconciliation")
    Report month(@RequestParam String month) {
        YearMonth parsed = Inputs.month(month, "month");
        List<Comparison> rows = store.month(parsed);
        return new Report(
                parsed.toString(),
                rows.stream().filter(c -> !c.withinTolerance()).count(),
                rows);
    }
}
