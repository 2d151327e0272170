package dev.conveyor.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * Billing creates the topics it writes when it starts, on a broker that creates none on first use;
 * the usage topic it reads is the router's to create.
 */
class BillingTopicsTest extends BillingIntegrationTest {

    @Test
    void theAlertsAndUsageDeadLetterTopicsExistOnceBillingHasStarted() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains(ALERTS_TOPIC, DEAD_LETTER_TOPIC);
            Map<String, TopicDescription> described = admin.describeTopics(List.of(ALERTS_TOPIC, DEAD_LETTER_TOPIC))
                    .allTopicNames()
                    .get();
            assertThat(described.values())
                    .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(12));
        }
    }
}
