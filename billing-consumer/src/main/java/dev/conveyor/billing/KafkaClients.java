package dev.conveyor.billing;

import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.CachingAvroDatumProvider;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Kafka clients of this service, built from the shared keys ({@code spring.kafka.bootstrap-servers},
 * {@code conveyor.registry.url}) so the service runs beside others in one JVM. Values are Avro in
 * the Confluent wire format; the consumer wraps its deserializers in {@link
 * ErrorHandlingDeserializer} so an undecodable record becomes a dead letter instead of a stuck
 * partition.
 */
@Configuration(proxyBeanMethods = false)
class KafkaClients {

    private static final int PARTITIONS = 12;

    private final String bootstrapServers;
    private final String registryUrl;

    KafkaClients(
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${conveyor.registry.url}") String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    @Bean
    ConsumerFactory<String, Object> billingConsumerFactory(BillingSettings settings) {
        Map<String, Object> config = new HashMap<>(AvroSerdes.consumerConfig(registryUrl));
        config.put(
                ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS,
                config.get(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG));
        config.put(
                ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS,
                config.get(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumer().groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.consumer().maxPollRecords());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Finds the reader per schema object instead of fingerprinting the schema for every record.
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class.getName());
        return new DefaultKafkaConsumerFactory<>(config);
    }

    /**
     * One producer for dead letters (raw bytes of undecodable records, or the decoded Avro record
     * when it was decodable but invalid) and budget alerts (Avro). Idempotent, acks=all.
     */
    @Bean
    ProducerFactory<String, Object> billingProducerFactory() {
        Map<String, Object> config = new HashMap<>(AvroSerdes.producerConfig(registryUrl));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(SpecificRecord.class, new AvroKafkaSerializer<>());
        DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(
                config, new StringSerializer(), new DelegatingByTypeSerializer(byType, true));
        factory.setConfigureSerializers(true);
        return factory;
    }

    /**
     * The topics billing writes, created at start-up (brokers should not create topics on first
     * use): its alerts and its usage dead letters, 12 partitions each (the router's default).
     * Not the usage topic it reads: the router, its writer, creates that one with the router's
     * partition count, and until then the consumer waits for it.
     */
    @Bean
    KafkaAdmin.NewTopics billingTopics(BillingSettings settings) {
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(settings.topics().alerts())
                        .partitions(PARTITIONS)
                        .build(),
                TopicBuilder.name(settings.topics().usageDeadLetter())
                        .partitions(PARTITIONS)
                        .build());
    }

    @Bean
    KafkaTemplate<String, Object> billingKafkaTemplate(ProducerFactory<String, Object> billingProducerFactory) {
        return new KafkaTemplate<>(billingProducerFactory);
    }
}
