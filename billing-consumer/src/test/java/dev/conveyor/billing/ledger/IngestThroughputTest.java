package dev.conveyor.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.billing.BillingIntegrationTest;
import dev.conveyor.billing.UsageEvents;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The billing-ingest scenario in small: events for 200 tenants with 5% duplicates are put on
 * the usage topic while the consumer is stopped, then the consumer drains them. Compared with a
 * row-at-a-time baseline (one insert, one aggregate upsert and one commit per event). Runs only
 * with {@code -Dconveyor.bench=true} (optionally {@code -Dconveyor.bench.events=N}).
 */
@EnabledIfSystemProperty(named = "conveyor.bench", matches = "true")
class IngestThroughputTest extends BillingIntegrationTest {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void drainsUsageFasterThanTenTimesRowAtATime() {
        int distinct = Integer.getInteger("conveyor.bench.events", 200_000);
        String run = tenant("bench");
        Random random = new Random(42);
        List<UsageEvent> events = new ArrayList<>(distinct);
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        for (int i = 0; i < distinct; i++) {
            events.add(UsageEvents.event(
                    run + "-t" + (i % 200),
                    "sim",
                    "model-" + random.nextInt(5),
                    "task-" + random.nextInt(4),
                    1 + random.nextInt(4000),
                    1 + random.nextInt(1000),
                    0,
                    BigDecimal.valueOf(1 + random.nextInt(50_000_000), 9).toPlainString(),
                    at.plusMillis(i)));
        }
        BigDecimal expectedCost = events.stream().map(UsageEvent::getCostUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        long expectedInput =
                events.stream().mapToLong(UsageEvent::getInputTokens).sum();

        awaitConsumerCaughtUp();
        listeners.getListenerContainer(UsageListener.LISTENER_ID).stop();
        int sent = 0;
        for (int i = 0; i < distinct; i++) {
            UsageEvent event = events.get(i);
            producer().send(new ProducerRecord<>(USAGE_TOPIC, event.getTenantId(), event));
            sent++;
            if (i % 20 == 0) { // 5% duplicates: a redelivered provider call
                UsageEvent again = events.get(random.nextInt(i + 1));
                producer().send(new ProducerRecord<>(USAGE_TOPIC, again.getTenantId(), again));
                sent++;
            }
        }
        producer().flush();

        long started = System.nanoTime();
        listeners.getListenerContainer(UsageListener.LISTENER_ID).start();
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> count(run) == distinct);
        awaitConsumerCaughtUp();
        double seconds = (System.nanoTime() - started) / 1e9;
        double eventsPerSecond = sent / seconds;

        BigDecimal ledgerCost = jdbc.sql("SELECT sum(cost_usd) FROM billing.usage_monthly WHERE tenant_id LIKE ?")
                .param(run + "-t%")
                .query(BigDecimal.class)
                .single();
        long ledgerInput = jdbc.sql("SELECT sum(input_tokens) FROM billing.usage_monthly WHERE tenant_id LIKE ?")
                .param(run + "-t%")
                .query(Long.class)
                .single();
        long doubleCounted = jdbc.sql("SELECT sum(requests) FROM billing.usage_monthly WHERE tenant_id LIKE ?")
                        .param(run + "-t%")
                        .query(Long.class)
                        .single()
                - distinct;
        boolean exact = ledgerCost.compareTo(expectedCost) == 0 && ledgerInput == expectedInput;

        double rowwise = rowAtATime(run + "-rowwise", 3_000);
        System.out.printf(
                "{\"scenario\":\"billing-ingest\",\"events\":%d,\"events_per_s\":%.0f,\"rowwise_events_per_s\":%.0f,"
                        + "\"ratio_vs_rowwise\":%.1f,\"exact\":%s,\"double_counted\":%d}%n",
                sent, eventsPerSecond, rowwise, eventsPerSecond / rowwise, exact, doubleCounted);

        assertThat(exact).isTrue();
        assertThat(doubleCounted).isZero();
        assertThat(eventsPerSecond / rowwise).isGreaterThanOrEqualTo(10);
    }

    /** One insert, one aggregate upsert and one commit per event. */
    private double rowAtATime(String tenant, int n) {
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int id = i;
            transactions.executeWithoutResult(status -> {
                int inserted = jdbc.sql("""
                                INSERT INTO billing.usage_events (event_id, job_id, tenant_id, provider, model, task_type,
                                    input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, status,
                                    latency_ms, event_time, usage_month, billed_month)
                                VALUES (?, ?, ?, 'sim', 'm', 'code', 10, 10, 0, 0.000001, false, 'SUCCEEDED', 1, ?,
                                    '2026-11', '2026-11')
                                ON CONFLICT DO NOTHING""")
                        .params(tenant + "-" + id, "job", tenant, OffsetDateTime.now(ZoneOffset.UTC))
                        .update();
                if (inserted == 1) {
                    jdbc.sql("""
                                    INSERT INTO billing.usage_monthly AS m VALUES (?, '2026-11', 'sim', 'm', 'code', 1, 10, 10, 0, 0.000001)
                                    ON CONFLICT (tenant_id, usage_month, provider, model, task_type) DO UPDATE SET
                                        requests = m.requests + 1, input_tokens = m.input_tokens + 10,
                                        output_tokens = m.output_tokens + 10, cost_usd = m.cost_usd + 0.000001""").param(tenant).update();
                }
            });
        }
        return n / ((System.nanoTime() - started) / 1e9);
    }

    private long count(String run) {
        return jdbc.sql("SELECT coalesce(sum(requests), 0) FROM billing.usage_monthly WHERE tenant_id LIKE ?")
                .param(run + "-t%")
                .query(Long.class)
                .single();
    }
}
