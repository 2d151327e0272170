package dev.conveyor.router.dispatch;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.budget.BudgetGate;
import dev.conveyor.router.cache.ResponseCache;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.deferral.BatchRunner;
import dev.conveyor.router.deferral.DeferralMetrics;
import dev.conveyor.router.deferral.DeferredJobs;
import dev.conveyor.router.dispatch.engine.DispatchSettings;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.ratelimit.RateLimits;
import dev.conveyor.router.routing.ModelStats;
import dev.conveyor.router.routing.Planner;
import dev.conveyor.router.scheduling.CallSlots;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the dispatch feature; its classes stay package-private. */
@Configuration
class DispatchConfig {

    @Bean(destroyMethod = "close")
    SerializerWarmup serializerWarmup(KafkaProperties kafka, RouterSettings settings) {
        SerializerWarmup warmup = new SerializerWarmup(kafka.buildProducerProperties());
        warmup.warm(settings.topics(), Duration.ofSeconds(20));
        return warmup;
    }

    /** Every producer of the router's Avro template shares the warmed serializer. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer warmedSerializer(SerializerWarmup warmup) {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<Object, Object> avro = (DefaultKafkaProducerFactory<Object, Object>) factory;
            avro.setValueSerializerSupplier(warmup::shared);
        };
    }

    @Bean(destroyMethod = "close")
    CompletionRecords completionRecords(JdbcClient jdbc, MeterRegistry meters) {
        return new CompletionRecords(jdbc, meters);
    }

    /** Retries a job's steps while PostgreSQL, the broker or the registry is unavailable. */
    @Bean
    UntilDone untilDone() {
        return new UntilDone(UntilDone.Backoff.DEFAULT, Pauser.SLEEP);
    }

    @Bean
    DeferredJobs deferredJobs(JdbcClient jdbc, TransactionTemplate transactions) {
        return new DeferredJobs(jdbc, transactions);
    }

    @Bean
    DeferralMetrics deferralMetrics(MeterRegistry meters) {
        return new DeferralMetrics(meters);
    }

    @Bean
    Deferrals deferrals(
            Providers providers,
            Catalog catalog,
            DeferredJobs store,
            DeferralMetrics metrics,
            RouterSettings settings,
            Clock clock) {
        return new Deferrals(settings.deferral(), providers, catalog, store, metrics, settings.topics(), clock);
    }

    /** Runs while deferral is off too, so jobs deferred before still end. */
    @Bean(initMethod = "start", destroyMethod = "close")
    BatchRunner batchRunner(
            DeferredJobs store,
            Providers providers,
            JobProcessor processor,
            Deferrals deferrals,
            DeferralMetrics metrics,
            Clock clock,
            RouterSettings router) {
        RouterSettings.Topics topics = router.topics();
        return new BatchRunner(store, providers, deferrals, router.deferral(), metrics, clock, topics.laneTopics());
    }

    @Bean
    JobProcessor jobProcessor(
            UntilDone untilDone,
            Planner planner,
            Providers providers,
            Catalog catalog,
            RouterSettings settings,
            Clock clock,
            CompletionRecords completions,
            KafkaTemplate<String, Object> kafka,
            CircuitBreakers breakers,
            ModelStats stats,
            ResponseCache cache,
            RateLimits limits,
            CallSlots slots,
            JdbcClient jdbc,
            BudgetGate budget,
            Deferrals deferrals,
            MeterRegistry meters) {
        JobMetrics metrics = new JobMetrics(meters);
        JobProcessor processor = new JobProcessor(
                planner,
                providers,
                catalog,
                new ModelCaller(
                        settings.retry(),
                        breakers,
                        stats,
                        metrics,
                        clock,
                        Pauser.SLEEP,
                        RandomGenerator.getDefault(),
                        limits,
                        slots),
                new Results(clock),
                completions,
                new OutcomePublisher(kafka, settings.topics(), meters),
                settings.topics(),
                cache,
                metrics,
                clock,
                untilDone,
                new JobAdmission(
                        Set.copyOf(settings.topics().replyTopics()),
                        settings.tenants().mustExist() ? new KnownTenants(jdbc) : tenant -> true),
                budget);
        processor.deferTo(deferrals);
        return processor;
    }

    @Bean
    JobConsumer jobConsumer(
            JobProcessor processor,
            UntilDone untilDone,
            RouterSettings settings,
            KafkaProperties kafka,
            KafkaTemplate<String, Object> avro,
            MeterRegistry meters) {
        Map<String, Object> raw = kafka.buildProducerProperties();
        raw.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        raw.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        DeadLetters deadLetters = new DeadLetters(
                new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(raw)),
                avro,
                settings.topics().deadLetter(),
                untilDone);
        Map<String, Object> consumer = kafka.buildConsumerProperties();
        return new JobConsumer(
                consumer,
                settings.topics(),
                processor,
                deadLetters,
                decoder(consumer),
                untilDone,
                Pauser.SLEEP,
                DispatchSettings.defaults().withMaxInFlight(settings.effectiveJobsInFlight()),
                settings.scheduling().enabled(),
                meters);
    }

    /** The consumer's own value deserializer (the delegate of its error-handling one), configured alike. */
    private static Decoder decoder(Map<String, Object> consumer) {
        AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
        avro.configure(consumer, false);
        return avro::deserialize;
    }
}
