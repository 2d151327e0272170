package dev.conveyor.billing.ledger;

import java.util.Set;

/**
 * Told, inside the ledger transaction, which tenant months received new events, after their
 * aggregates were updated; whatever it writes commits or rolls back with the ledger.
 */
public interface LedgerObserver {

    void onAppended(Set<TenantMonth> touched);
}
