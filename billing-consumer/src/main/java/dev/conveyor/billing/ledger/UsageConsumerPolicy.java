package dev.conveyor.billing.ledger;

import dev.conveyor.billing.BillingSettings;
import dev.conveyor.schemas.DeadLetterHeaders;
import dev.conveyor.schemas.DeadLetterHeaders.Poison;
import dev.conveyor.schemas.DecodeFailures;
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
 *       ({@code conveyor.billing.topics.usage-dead-letter}, partitioned by the record's key), with the
 *       headers of {@link DeadLetterHeaders} (Spring's {@code kafka_dlt-*} and {@code
 *       conveyor.error.type}/{@code conveyor.error.message}) and the original
 *       bytes as its value. The records before it are committed, the ones after it redelivered.
 *   <li>Anything else (the database is down, a deadlock, the registry unreachable) is retried with exponential backoff for
 *       as long as it takes: the ledger must not skip events because PostgreSQL restarted. The
 *       batch's offsets are not committed meanwhile.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class UsageConsumerPolicy {

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

    /**
     * Adds {@code conveyor.error.type} (the poison's kind) and {@code conveyor.error.message} (its own
     * reason, without the listener wrappers) of {@link DeadLetterHeaders}; the recoverer adds the
     * {@code kafka_dlt-*} ones.
     */
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
        Poison kind = reason instanceof InvalidUsageEventException invalid
                ? invalid.kind()
                : DecodeFailures.poisonKind(reason);
        Headers headers = new RecordHeaders();
        DeadLetterHeaders.error(headers, kind.name(), text, null);
        return headers;
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
