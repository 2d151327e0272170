package dev.conveyor.billing.ledger;

import dev.conveyor.billing.BillingSettings;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How the usage consumer fails, in one place.
 *
 * <ul>
 *   <li>A poison record (undecodable: {@link DeserializationException}; or decoded but unbillable:
 *       {@link InvalidUsageEventException}) is not retried: it goes at once to the dead-letter topic
 *       ({@code conveyor.billing.topics.usage-dead-letter}, partitioned by the record's key), with the reason in the {@code kafka_dlt-exception-*} headers and the original
 *       bytes as its value. The records before it are committed, the ones after it redelivered.
 *   <li>Anything else (the database is down, a deadlock) is retried with exponential backoff for
 *       as long as it takes: the ledger must not skip events because PostgreSQL restarted. The
 *       batch's offsets are not committed meanwhile.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class UsageConsumerPolicy {

    /** Dead-letter header with the reason a usage record could not be billed. */
    static final String REASON_HEADER = "conveyor-dlt-reason";

    @Bean
    DefaultErrorHandler usageErrorHandler(
            BillingSettings settings, KafkaTemplate<String, Object> billingKafkaTemplate) {
        String deadLetterTopic = settings.topics().usageDeadLetter();
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                billingKafkaTemplate, (record, exception) -> new TopicPartition(deadLetterTopic, -1));
        recoverer.setHeadersFunction(UsageConsumerPolicy::reasonHeaders);
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(settings.consumer().maxRetryInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(InvalidUsageEventException.class, DeserializationException.class);
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }

    /** Adds {@value #REASON_HEADER}: the poison record's own reason, without the listener wrappers. */
    private static Headers reasonHeaders(ConsumerRecord<?, ?> record, Exception exception) {
        Throwable reason = exception;
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof InvalidUsageEventException || t instanceof DeserializationException) {
                reason = t;
                break;
            }
        }
        String text = reason.getClass().getSimpleName() + ": " + reason.getMessage();
        if (reason instanceof DeserializationException && reason.getCause() != null) {
            text += " (" + reason.getCause().getMessage() + ")";
        }
        return new RecordHeaders().add(REASON_HEADER, text.getBytes(StandardCharsets.UTF_8));
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, Object> kafkaListenerContainerFactory(
            ConsumerFactory<String, Object> billingConsumerFactory,
            DefaultErrorHandler usageErrorHandler,
            BillingSettings settings) {
        ConcurrentKafkaListenerContainerFactory<String, Object> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(billingConsumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(settings.consumer().concurrency());
        factory.setAutoStartup(settings.consumer().autoStartup());
        factory.setCommonErrorHandler(usageErrorHandler);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        return factory;
    }
}
