package dev.conveyor.billing.budget;

import dev.conveyor.billing.api.Inputs;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Admin endpoints: {@code PUT} and {@code GET /v1/tenants/{tenant}/budget}. */
@RestController
class TenantBudgetController {

    private final TenantBudgets budgets;

    TenantBudgetController(TenantBudgets budgets) {
        this.budgets = budgets;
    }

    /** The body is read strictly ({@link BudgetRequest#read}), so a fault names its field as a JSON pointer. */
    @PutMapping(value = "/v1/tenants/{tenant}/budget", consumes = MediaType.APPLICATION_JSON_VALUE)
    BudgetResponse set(@PathVariable String tenant, @RequestBody(required = false) String body) {
        String tenantId = Inputs.tenant(tenant, "tenant");
        return BudgetResponse.of(budgets.set(tenantId, BudgetRequest.read(body)));
    }

    @GetMapping("/v1/tenants/{tenant}/budget")
    BudgetResponse get(@PathVariable String tenant) {
        return BudgetResponse.of(budgets.get(Inputs.tenant(tenant, "tenant")));
    }
}
