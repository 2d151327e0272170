package dev.conveyor.router.config;

import dev.conveyor.router.RouterSettings;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.FixedBackOff;

/** Topics, and the one consumer failure policy: undecodable or failing records go to the DLT with the reason. */
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
        for (String name : java.util.List.of(t.requests(), t.results(), t.usage(), t.deadLetter())) {
            all.add(topic(name, t.partitions()));
        }
        t.fallbacks().forEach(name -> all.add(topic(name, t.partitions())));
        return new KafkaAdmin.NewTopics(all.toArray(NewTopic[]::new));
    }

    private static NewTopic topic(String name, int partitions) {
        return TopicBuilder.name(name).partitions(partitions).build();
    }

    @Bean
    DefaultErrorHandler errorHandler(
            KafkaTemplate<String, Object> avroTemplate, KafkaProperties kafka, RouterSettings settings) {
        Map<String, Object> raw = kafka.buildProducerProperties();
        raw.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaTemplate<Object, Object> bytesTemplate = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(raw));
        Map<Class<?>, org.springframework.kafka.core.KafkaOperations<?, ?>> templates = new java.util.LinkedHashMap<>();
        templates.put(byte[].class, bytesTemplate);
        templates.put(Object.class, avroTemplate);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                templates, (record, e) -> new TopicPartition(settings.topics().deadLetter(), -1));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(500, 2));
        handler.addNotRetryableExceptions(DeserializationException.class);
        return handler;
    }
}
