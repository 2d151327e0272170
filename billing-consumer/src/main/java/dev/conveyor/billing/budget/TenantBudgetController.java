package dev.conveyor.billing.budget;

import dev.conveyor.billing.api.Inputs;
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

    @PutMapping("/v1/tenants/{tenant}/budget")
    BudgetResponse set(@PathVariable String tenant, @RequestBody BudgetRequest request) {
        return BudgetResponse.of(budgets.set(Inputs.tenant(tenant, "tenant"), request));
    }

    @GetMapping("/v1/tenants/{tenant}/budget")
    BudgetResponse get(@PathVariable String tenant) {
        return BudgetResponse.of(budgets.get(Inputs.tenant(tenant, "tenant")));
    }
}
