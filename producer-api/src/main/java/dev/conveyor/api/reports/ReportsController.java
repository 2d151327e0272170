package dev.conveyor.api.reports;

import dev.conveyor.api.auth.Caller;
import dev.conveyor.api.billing.BillingClient;
import dev.conveyor.api.errors.InvalidRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.ContentDisposition;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Billing's reports through producer-api: a tenant's monthly statement
 * ({@code GET /v1/statements/{yyyy-MM}.csv|.json}, billing's export, as a download) and, for
 * operators, any tenant's usage ({@code GET /v1/admin/tenants/{id}/usage}, the same query as
 * {@code GET /v1/usage}).
 */
@RestController
class ReportsController {

    private static final Pattern STATEMENT = Pattern.compile("(\\d{4}-(?:0[1-9]|1[0-2]))\\.(csv|json)");

    private final BillingClient billing;
    private final Clock clock;

    ReportsController(BillingClient billing, Clock clock) {
        this.billing = billing;
        this.clock = clock;
    }

    @GetMapping("/v1/statements/{file}")
    ResponseEntity<String> statement(Caller caller, @PathVariable String file) {
        Matcher name = STATEMENT.matcher(file);
        if (!name.matches()) {
            throw new InvalidRequest(
                    "file", "the statement should be named yyyy-MM.csv or yyyy-MM.json, such as 2026-12.csv");
        }
        ResponseEntity<String> export = billing.export(caller.tenantId(), name.group(1), name.group(2));
        if (!export.getStatusCode().is2xxSuccessful()) {
            return export;
        }
        String filename = "conveyor-" + caller.tenantId() + "-" + file;
        return ResponseEntity.status(export.getStatusCode())
                .headers(h -> {
                    h.putAll(export.getHeaders());
                    h.setContentDisposition(
                            ContentDisposition.attachment().filename(filename).build());
                })
                .body(export.getBody());
    }

    /**
     * A tenant's spend this month (UTC) against its limits: {@code cost_usd}, {@code tokens} and,
     * when set, {@code monthly_budget_usd} and {@code monthly_token_quota}.
     */
    @GetMapping("/v1/admin/tenants/{tenantId}/spend")
    Map<String, Object> spend(@PathVariable String tenantId) {
        LocalDate firstOfMonth = LocalDate.now(clock).withDayOfMonth(1);
        BillingClient.Usage used = billing.usageSince(tenantId, firstOfMonth);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("tenant", tenantId);
        view.put("month", YearMonth.from(firstOfMonth).toString());
        view.put("cost_usd", used.costUsd().toPlainString());
        view.put("tokens", used.inputTokens() + used.outputTokens());
        billing.budget(tenantId).ifPresent(b -> {
            if (b.monthlyBudgetUsd() != null) {
                view.put(
                        "monthly_budget_usd",
                        b.monthlyBudgetUsd().stripTrailingZeros().toPlainString());
            }
            if (b.monthlyTokenQuota() != null) {
                view.put("monthly_token_quota", b.monthlyTokenQuota());
            }
        });
        return view;
    }

    @GetMapping("/v1/admin/tenants/{tenantId}/usage")
    ResponseEntity<String> tenantUsage(
            @PathVariable String tenantId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "group_by", required = false) String groupBy) {
        return billing.usageReport(tenantId, from, to, groupBy);
    }
}
