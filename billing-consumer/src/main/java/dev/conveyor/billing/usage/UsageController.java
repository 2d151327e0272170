package dev.conveyor.billing.usage;

import dev.conveyor.billing.api.Inputs;
import dev.conveyor.billing.api.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/usage?tenant=T[&from=yyyy-MM-dd][&to=yyyy-MM-dd][&group_by=day|week|month|model|provider|task_type]}.
 * {@code from} and {@code to} are UTC dates, both inclusive. The body also carries this month's
 * {@code forecast}: the projected spend at the burn rate so far.
 */
@RestController
class UsageController {

    private final UsageQueries queries;
    private final Clock clock;

    UsageController(UsageQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/v1/usage")
    UsageReport usage(
            @RequestParam String tenant,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "group_by", required = false) String groupBy) {
        String tenantId = Inputs.tenant(tenant, "tenant");
        LocalDate fromDate = Inputs.date(from, "from");
        LocalDate toDate = Inputs.date(to, "to");
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            throw new InvalidInputException("to", "to (" + toDate + ") is before from (" + fromDate + ")");
        }
        GroupBy grouping = GroupBy.parse(groupBy);
        Map<String, UsageFigures> figures = queries.figures(tenantId, fromDate, toDate, grouping);
        UsageFigures total = UsageFigures.NONE;
        List<UsageReport.Group> groups = new ArrayList<>();
        for (Map.Entry<String, UsageFigures> entry : figures.entrySet()) {
            total = total.plus(entry.getValue());
            groups.add(UsageReport.Group.of(entry.getKey(), entry.getValue()));
        }
        return new UsageReport(
                tenantId,
                fromDate == null ? null : fromDate.toString(),
                toDate == null ? null : toDate.toString(),
                grouping == null ? null : grouping.parameterValue(),
                total.requests(),
                total.inputTokens(),
                total.outputTokens(),
                total.cachedInputTokens(),
                total.cacheWriteTokens(),
                total.costUsd().toPlainString(),
                total.batchSavingsUsd().toPlainString(),
                grouping == null ? null : groups,
                UsageReport.Projection.of(forecast(tenantId)));
    }

    /** This UTC month's projection, whatever range was asked for. */
    private Forecast forecast(String tenantId) {
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        UsageFigures spent = queries.figures(tenantId, month.atDay(1), month.atEndOfMonth(), null)
                .getOrDefault("", UsageFigures.NONE);
        return Forecast.of(month, spent.costUsd(), now);
    }
}
