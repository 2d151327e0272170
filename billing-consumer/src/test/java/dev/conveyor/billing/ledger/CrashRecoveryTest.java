package dev.conveyor.billing.ledger;

import static dev.conveyor.billing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.billing.BillingIntegrationTest;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The consumer dies after the ledger transaction committed but before the offsets did: the
 * events come again, and the totals must not move.
 */
class CrashRecoveryTest extends BillingIntegrationTest {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    UsageListener usageListener;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void restartContainer() {
        container().start();
    }

    @Test
    void consumerKilledBetweenDatabaseCommitAndOffsetCommitDoesNotBillTwice() {
        String tenant = tenant("killed");
        awaitConsumerCaughtUp();
        container().stop();
        List<UsageEvent> events = events(tenant, 40);
        publish(events);

        // A consumer of the billing group records the batch in the ledger, then dies without
        // committing its offsets (closing a consumer with auto-commit off commits nothing).
        try (KafkaConsumer<String, Object> doomed = billingGroupConsumer()) {
            List<ConsumerRecord<String, Object>> polled = pollAll(doomed, tenant, events.size());
            usageListener.onBatch(polled);
        }
        String billedBeforeRestart = figures(tenant);
        assertThat(billedBeforeRestart).isEqualTo(expected(events));

        container().start();
        awaitConsumerCaughtUp();

        assertThat(figures(tenant)).isEqualTo(billedBeforeRestart);
        assertThat(rawCount(tenant)).isEqualTo(events.size());
    }

    @Test
    void replayingTheWholeTopicFromTheStartChangesNoTotal() throws Exception {
        String tenant = tenant("rewind");
        List<UsageEvent> events = events(tenant, 25);
        publish(events);
        awaitConsumerCaughtUp();
        String everythingBefore = everything();
        assertThat(figures(tenant)).isEqualTo(expected(events));

        container().stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !container().isRunning());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP_ID)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
            committed.keySet().forEach(partition -> rewound.put(partition, new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets(GROUP_ID, rewound).all().get();
        }
        container().start();
        awaitConsumerCaughtUp();

        assertThat(everything()).isEqualTo(everythingBefore);
    }

    private MessageListenerContainer container() {
        return listeners.getListenerContainer(UsageListener.LISTENER_ID);
    }

    private static List<UsageEvent> events(String tenant, int n) {
        List<UsageEvent> events = new ArrayList<>();
        Instant at = Instant.parse("2026-11-10T12:00:00Z");
        for (int i = 0; i < n; i++) {
            events.add(event(tenant, "m" + (i % 3), "code", 1000 + i, 100 + i, "0.00" + (1000 + i) + "7", at));
        }
        return events;
    }

    private static String expected(List<UsageEvent> events) {
        long in = events.stream().mapToLong(UsageEvent::getInputTokens).sum();
        long out = events.stream().mapToLong(UsageEvent::getOutputTokens).sum();
        java.math.BigDecimal cost = events.stream()
                .map(UsageEvent::getCostUsd)
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        return events.size() + " " + in + " " + out + " " + cost.toPlainString();
    }

    private String figures(String tenant) {
        return jdbc.sql("""
                        SELECT sum(requests) || ' ' || sum(input_tokens) || ' ' || sum(output_tokens) || ' '
                               || sum(cost_usd)
                        FROM billing.usage_monthly WHERE tenant_id = ?""").param(tenant).query(String.class).single();
    }

    private String everything() {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM billing.usage_events) || ' '
                               || sum(requests) || ' ' || sum(input_tokens) || ' ' || sum(output_tokens) || ' '
                               || sum(cached_input_tokens) || ' ' || sum(cost_usd)
                        FROM billing.usage_monthly""").query(String.class).single();
    }

    private long rawCount(String tenant) {
        return jdbc.sql("SELECT count(*) FROM billing.usage_events WHERE tenant_id = ?")
                .param(tenant)
                .query(Long.class)
                .single();
    }

    private static KafkaConsumer<String, Object> billingGroupConsumer() {
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.consumerConfig(INFRA.registry().apiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(USAGE_TOPIC));
        return consumer;
    }

    private static List<ConsumerRecord<String, Object>> pollAll(
            KafkaConsumer<String, Object> consumer, String tenant, int expected) {
        List<ConsumerRecord<String, Object>> polled = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(polled::add);
            return polled.stream().filter(r -> tenant.equals(r.key())).count() >= expected;
        });
        return polled;
    }
}
