package dev.conveyor.api.quota;

import dev.conveyor.api.auth.Caller;
import dev.conveyor.api.auth.TenantStore;
import dev.conveyor.api.billing.BillingClient;
import dev.conveyor.api.config.JsonPointers;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.errors.NotFound;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's view of its limits ({@code GET /v1/quota}), with the month's projected spend at its
 * burn rate as billing forecasts it, and the admin's way to set them, passed
 * on to billing-consumer, which owns budgets.
 */
@RestController
class QuotaController {

    private final QuotaGuard guard;
    private final BillingClient billing;
    private final TenantStore tenants;
    private final JsonMapper json;

    QuotaController(QuotaGuard guard, BillingClient billing, TenantStore tenants, JsonMapper json) {
        this.guard = guard;
        this.billing = billing;
        this.tenants = tenants;
        this.json = json;
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

    /**
     * Body as billing takes it: {@code monthly_budget_usd}, {@code monthly_token_quota}, {@code
     * thresholds}; checked here first ({@link BudgetBody}), for registered tenants only.
     */
    @PutMapping(value = "/v1/admin/tenants/{tenantId}/budget", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> setBudget(@PathVariable String tenantId, @RequestBody String body) {
        registered(tenantId);
        BudgetBody.check(exact(body));
        ResponseEntity<String> answer = billing.relay(billing.putBudget(tenantId, body), "budget");
        guard.forget(tenantId);
        return answer;
    }

    @GetMapping("/v1/admin/tenants/{tenantId}/budget")
    ResponseEntity<String> budget(@PathVariable String tenantId) {
        registered(tenantId);
        return billing.relay(billing.budgetRaw(tenantId), "budget for tenant '" + tenantId + "'");
    }

    /** The body as a tree whose numbers are exact decimals, as billing reads them. */
    private JsonNode exact(String body) {
        try {
            return json.readerFor(JsonNode.class)
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readValue(body);
        } catch (JacksonException e) {
            throw new InvalidRequest(JsonPointers.of(e), "the budget is not valid JSON: " + JsonPointers.describe(e));
        }
    }

    private void registered(String tenantId) {
        if (!tenants.exists(tenantId)) {
            throw new NotFound("no tenant '" + tenantId + "'");
        }
    }
}
