package dev.conveyor.billing.budget;

import dev.conveyor.billing.BillingSettings;
import dev.conveyor.schemas.BudgetAlert;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the alert outbox to the alerts topic, keyed by tenant. Rows are locked while being
 * sent ({@code FOR UPDATE SKIP LOCKED}), so concurrent publishers (this one's schedule, the
 * listener's after-commit call, other instances) never send the same alert twice; an alert is
 * marked published only after the broker acknowledged it. A crash between that acknowledgement
 * and the mark re-sends it once more with the same alertId, which consumers dedupe by.
 */
@Component
class AlertPublisher {

    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);
    private static final int BATCH = 100;

    private final AlertOutbox outbox;
    private final KafkaTemplate<String, Object> kafka;
    private final TransactionTemplate newTransaction;
    private final BillingSettings settings;

    AlertPublisher(
            AlertOutbox outbox,
            KafkaTemplate<String, Object> billingKafkaTemplate,
            PlatformTransactionManager transactions,
            BillingSettings settings) {
        this.outbox = outbox;
        this.kafka = billingKafkaTemplate;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.settings = settings;
    }

    boolean enabled() {
        return settings.alerts().publishing();
    }

    @Scheduled(fixedDelayString = "${conveyor.billing.alerts.publish-interval:1s}")
    void sweep() {
        if (enabled()) {
            try {
                publishPending();
            } catch (RuntimeException e) {
                log.warn(
                        "Budget alerts not published, will retry in {}: {}",
                        settings.alerts().publishInterval(),
                        e.toString());
            }
        }
    }

    /** Publishes unpublished alerts until none are left; answers how many it sent. */
    int publishPending() {
        int sent = 0;
        int round;
        do {
            round = newTransaction.execute(status -> publishSome());
            sent += round;
        } while (round == BATCH);
        return sent;
    }

    private int publishSome() {
        List<BudgetAlert> alerts = outbox.lockUnpublished(BATCH);
        for (BudgetAlert alert : alerts) {
            send(alert);
            outbox.markPublished(alert.getAlertId());
            log.info(
                    "Budget alert {}: tenant {} reached {}% of its {} limit for {}",
                    alert.getAlertId(),
                    alert.getTenantId(),
                    alert.getThresholdPercent(),
                    alert.getMetric(),
                    alert.getMonth());
        }
        return alerts.size();
    }

    private void send(BudgetAlert alert) {
        try {
            kafka.send(settings.topics().alerts(), alert.getTenantId(), alert).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlertNotPublishedException(alert, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AlertNotPublishedException(alert, e);
        }
    }
}
