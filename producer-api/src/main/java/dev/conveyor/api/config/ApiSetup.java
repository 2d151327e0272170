package dev.conveyor.api.config;

import dev.conveyor.api.ApiSettings;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration
class ApiSetup {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    NewTopic requestsTopic(ApiSettings settings) {
        return TopicBuilder.name(settings.requestsTopic()).partitions(12).build();
    }
}
