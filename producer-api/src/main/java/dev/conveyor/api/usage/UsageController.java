package dev.conveyor.api.usage;

import dev.conveyor.api.auth.Caller;
import dev.conveyor.api.billing.BillingClient;
import dev.conveyor.api.errors.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's usage and cost, answered from the billing ledger that billing-consumer keeps. The
 * tenant comes from the API key; asking for another tenant's usage answers 404.
 */
@RestController
class UsageController {

    private final BillingClient billing;

    UsageController(BillingClient billing) {
        this.billing = billing;
    }

    /**
     * {@code from} and {@code to} are UTC dates (yyyy-MM-dd), both inclusive. Billing's body is passed
     * on as it is, so every figure it adds (such as {@code batch_savings_usd}) reaches the caller.
     */
    @GetMapping("/v1/usage")
    @Operation(
            summary = "The caller's usage and cost from the billing ledger",
            description = "Totals over UTC dates from..to (inclusive), optionally grouped by day, week, month,"
                    + " model, provider or task_type: requests, input_tokens (of which cached_input_tokens and"
                    + " cache_write_tokens), output_tokens, cost_usd and batch_savings_usd (decimal strings):"
                    + " what deferred jobs saved by going through a provider's batch API, list price less the"
                    + " batch price charged, already left out of cost_usd. Also this month's forecast.")
    ResponseEntity<String> usage(
            Caller caller,
            @RequestParam(required = false) String tenant,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "group_by", required = false) String groupBy) {
        if (tenant != null && !tenant.equals(caller.tenantId())) {
            throw new NotFound("no usage for tenant '" + tenant + "'");
        }
        return billing.relay(billing.usageReport(caller.tenantId(), from, to, groupBy), "usage");
    }

    /**
     * Admin: the month's comparison of the ledger with the providers' own usage and cost reports,
     * per day, provider, model and kind, as billing-consumer keeps it.
     */
    @GetMapping("/v1/admin/reconciliation")
    ResponseEntity<String> reconciliation(@RequestParam String month) {
        return billing.reconciliation(month);
    }
}
