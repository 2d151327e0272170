package dev.conveyor.api.quota;

import dev.conveyor.api.auth.Caller;
import dev.conveyor.api.billing.BillingClient;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's view of its limits ({@code GET /v1/quota}), with the month's projected spend at its
 * burn rate as billing forecasts it, and the admin's way to set them, passed
 * on to billing-consumer, which owns budgets.
 */
@RestController
class QuotaController {

    private final QuotaGuard guard;
    private final BillingClient billing;

    QuotaController(QuotaGuard guard, BillingClient billing) {
        this.guard = guard;
        this.billing = billing;
    }

    @GetMapping("/v1/quota")
    Map<String, Object> quota(Caller caller) {
        guard.forget(caller.tenantId());
        QuotaGuard.Standing standing = guard.standing(caller.tenantId());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("tenant", caller.tenantId());
        view.put("month", standing.month());
        standing.budget().ifPresent(b -> {
            if (b.monthlyBudgetUsd() != null) {
                view.put(
                        "monthly_budget_usd",
                        b.monthlyBudgetUsd().stripTrailingZeros().toPlainString());
            }
            if (b.monthlyTokenQuota() != null) {
                view.put("monthly_token_quota", b.monthlyTokenQuota());
            }
        });
        view.put("cost_usd", standing.used().costUsd().toPlainString());
        view.put("tokens", standing.tokens());
        BigDecimal projected = standing.used().projectedMonthUsd();
        if (projected != null) {
            view.put("projected_month_usd", projected.stripTrailingZeros().toPlainString());
            standing.budget()
                    .map(BillingClient.Budget::monthlyBudgetUsd)
                    .ifPresent(budget -> view.put("projected_over_budget", projected.compareTo(budget) >= 0));
        }
        if (caller.requestsPerMinute() != null) {
            view.put("requests_per_minute", caller.requestsPerMinute());
        }
        return view;
    }

    /** Body as billing takes it: {@code monthly_budget_usd}, {@code monthly_token_quota}, {@code thresholds}. */
    @PutMapping(value = "/v1/admin/tenants/{tenantId}/budget", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> setBudget(@PathVariable String tenantId, @RequestBody String body) {
        ResponseEntity<String> answer = billing.putBudget(tenantId, body);
        guard.forget(tenantId);
        return answer;
    }

    @GetMapping("/v1/admin/tenants/{tenantId}/budget")
    ResponseEntity<String> budget(@PathVariable String tenantId) {
        return billing.budgetRaw(tenantId);
    }
}
