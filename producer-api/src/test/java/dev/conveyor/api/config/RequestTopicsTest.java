package dev.conveyor.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.ApiTest;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * The API creates every lane's request topic when it starts, on a broker that creates none on
 * first use, so its first job is not refused for a missing topic.
 */
class RequestTopicsTest extends ApiTest {

    @Test
    void everyLanesRequestTopicExistsWithTwelvePartitionsOnceTheApiHasStarted() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            Map<String, TopicDescription> lanes = admin.describeTopics(List.of(REQUESTS, INTERACTIVE))
                    .allTopicNames()
                    .get();
            assertThat(lanes).containsOnlyKeys(REQUESTS, INTERACTIVE);
            assertThat(lanes.values())
                    .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(12));
        }
    }
}
