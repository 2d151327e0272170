package dev.conveyor.billing.ledger;

import java.time.YearMonth;

/** A tenant's UTC calendar month, the unit of budgets, alerts and bills. */
public record TenantMonth(String tenantId, YearMonth month) {}
