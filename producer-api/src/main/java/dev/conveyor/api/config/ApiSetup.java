package dev.conveyor.api.config;

import dev.conveyor.api.ApiSettings;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

@Configuration
class ApiSetup {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Strict JSON: an unknown field is an error (a typo such as {@code max_token} is not ignored),
     * and no value changes type on the way in ({@code 1.5} is not the integer 1, {@code "300"} not
     * a number, {@code 123} not a string, and a blank string such as {@code " "} or {@code "\u0000"} is not
     * a missing number).
     */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(
                        LogicalType.Textual,
                        c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Integer,
                        c -> c.setAcceptBlankAsEmpty(false)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Float,
                        c -> c.setAcceptBlankAsEmpty(false)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        c -> c.setAcceptBlankAsEmpty(false)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }

    /**
     * The topics this API writes, created at start-up (brokers should not create topics on first
     * use): the requests topic and every lane's request topic, 12 partitions each, as the router
     * creates them by default. One that exists keeps its settings, but {@code KafkaAdmin} grows
     * it to 12 partitions if it has fewer.
     */
    @Bean
    KafkaAdmin.NewTopics requestTopics(ApiSettings settings) {
        Set<String> names = new LinkedHashSet<>();
        names.add(settings.requestsTopic());
        names.addAll(settings.lanes().topics().values());
        return new KafkaAdmin.NewTopics(names.stream()
                .map(name -> TopicBuilder.name(name).partitions(12).build())
                .toArray(NewTopic[]::new));
    }
}
