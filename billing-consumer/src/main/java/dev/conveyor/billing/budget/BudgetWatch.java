package dev.conveyor.billing.budget;

import dev.conveyor.billing.BillingSettings;
import dev.conveyor.billing.ledger.LedgerObserver;
import dev.conveyor.billing.ledger.TenantMonth;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Raises budget alerts (thresholds of the budget and quota, and the month's projected spend
 * reaching the budget) inside the ledger transaction, so an alert exists if and only if the
 * usage that crossed its threshold was recorded; publishes them right after the commit.
 */
@Component
class BudgetWatch implements LedgerObserver {

    private static final Logger log = LoggerFactory.getLogger(BudgetWatch.class);

    private final AlertOutbox outbox;
    private final AlertPublisher publisher;
    private final Duration forecastAfter;

    BudgetWatch(AlertOutbox outbox, AlertPublisher publisher, BillingSettings settings) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.forecastAfter = settings.budget().forecastAfter();
    }

    @Override
    public void onAppended(Set<TenantMonth> touched) {
        raise(touched);
    }

    void raise(Set<TenantMonth> touched) {
        if (touched.isEmpty() || outbox.raiseCrossed(touched) + outbox.raiseForecasts(touched, forecastAfter) == 0) {
            return;
        }
        publishSoon();
    }

    /** Publishes new alerts after the current transaction commits, or now when there is none. */
    void publishSoon() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publishQuietly();
                }
            });
        } else {
            publishQuietly();
        }
    }

    /** The scheduled sweep retries whatever this could not publish. */
    private void publishQuietly() {
        if (!publisher.enabled()) {
            return;
        }
        try {
            publisher.publishPending();
        } catch (RuntimeException e) {
            log.warn("Budget alerts not published yet, will retry: {}", e.toString());
        }
    }
}
