package dev.conveyor.router.config;

import dev.conveyor.router.RouterSettings;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The clock, and the router's topics, created at start-up with the configured partition count
 * (brokers should not create topics on first use): those it writes (results, every allow-listed
 * reply topic, usage, dead letters, each lane's fallback topics) and those it consumes (each
 * lane's request topic). One that exists keeps its settings, but {@code KafkaAdmin} grows it
 * to the configured partition count if it has fewer.
 */
@Configuration
class KafkaSetup {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KafkaAdmin.NewTopics routerTopics(RouterSettings settings) {
        RouterSettings.Topics t = settings.topics();
        Set<String> names = new LinkedHashSet<>(List.of(t.results(), t.usage(), t.deadLetter()));
        names.addAll(t.consumed());
        names.addAll(t.replyTopics());
        return new KafkaAdmin.NewTopics(
                names.stream().map(name -> topic(name, t.partitions())).toArray(NewTopic[]::new));
    }

    private static NewTopic topic(String name, int partitions) {
        return TopicBuilder.name(name).partitions(partitions).build();
    }
}
