package dev.conveyor.router.config;

import dev.conveyor.router.RouterSettings;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The clock, and the router's topics, created with the configured partition count. */
@Configuration
class KafkaSetup {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KafkaAdmin.NewTopics routerTopics(RouterSettings settings) {
        RouterSettings.Topics t = settings.topics();
        java.util.List<NewTopic> all = new java.util.ArrayList<>();
        for (String name : java.util.List.of(t.results(), t.usage(), t.deadLetter())) {
            all.add(topic(name, t.partitions()));
        }
        t.consumed().forEach(name -> all.add(topic(name, t.partitions())));
        return new KafkaAdmin.NewTopics(all.toArray(NewTopic[]::new));
    }

    private static NewTopic topic(String name, int partitions) {
        return TopicBuilder.name(name).partitions(partitions).build();
    }
}
