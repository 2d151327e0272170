package dev.conveyor.schemas;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.util.Map;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka client settings for Conveyor's Avro values: Apicurio's serdes (the serializer through
 * {@link SingleFlightAvroSerializer}), writing the Confluent
 * wire format (magic byte 0, 4-byte schema id, Avro binary), so any Confluent-compatible
 * deserializer pointed at the registry's {@code /apis/ccompat/v7} API reads them too.
 *
 * <p>Keys are plain strings (jobId or tenantId).
 */
public final class AvroSerdes {

    /** Packages whose generated classes Avro may instantiate when decoding. */
    public static final String TRUSTED_PACKAGE = "dev.conveyor.schemas";

    private AvroSerdes() {}

    /**
     * Lets Avro decode Conveyor's generated classes (Avro 1.12 refuses classes outside a trusted
     * list). Idempotent; every service calls it before it consumes.
     */
    public static void trustGeneratedClasses() {
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(ClassSecurityValidator.DEFAULT, AvroSerdes::generatedHere));
    }

    private static boolean generatedHere(Class<?> type) {
        return type.getName().startsWith(TRUSTED_PACKAGE + ".");
    }

    /**
     * How long a serializer trusts the schema id it looked up: an hour, not Apicurio's 30 seconds.
     * The id of a schema's content never changes, and when the cached id expires every thread that
     * serializes at that moment asks the registry again: with thousands of jobs in flight, a
     * stampede every 30 seconds.
     */
    public static final long SCHEMA_CHECK_PERIOD_MS = 3_600_000L;

    /**
     * Producer settings; {@code registryUrl} is the registry's v3 API, e.g. {@code
     * http://host:8080/apis/registry/v3}. Jobs are partitioned by tenant ({@link TenantPartitioner});
     * every other value by its key, as Kafka's default partitioner does.
     */
    public static Map<String, Object> producerConfig(String registryUrl) {
        return Map.of(
                ProducerConfig.PARTITIONER_CLASS_CONFIG,
                TenantPartitioner.class,
                SchemaResolverConfig.CHECK_PERIOD_MS,
                SCHEMA_CHECK_PERIOD_MS,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                SingleFlightAvroSerializer.class,
                SerdeConfig.REGISTRY_URL,
                registryUrl,
                SerdeConfig.AUTO_REGISTER_ARTIFACT,
                true,
                SerdeConfig.AUTO_REGISTER_ARTIFACT_IF_EXISTS,
                "FIND_OR_CREATE_VERSION");
    }

    /** Consumer settings that decode into the generated specific classes. */
    public static Map<String, Object> consumerConfig(String registryUrl) {
        trustGeneratedClasses();
        return Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                AvroKafkaDeserializer.class,
                SerdeConfig.REGISTRY_URL,
                registryUrl,
                AvroSerdeConfig.USE_SPECIFIC_AVRO_READER,
                true,
                AvroSerdeConfig.AVRO_DATUM_PROVIDER,
                CachingAvroDatumProvider.class.getName());
    }
}
