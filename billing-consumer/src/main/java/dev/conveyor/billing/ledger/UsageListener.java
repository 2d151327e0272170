package dev.conveyor.billing.ledger;

import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.DeadLetterHeaders.Poison;
import dev.conveyor.schemas.DecodeFailures;
import dev.conveyor.schemas.UsageEvent;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes usage events a poll at a time into the {@link Ledger}. The container commits the
 * batch's offsets only after {@link #onBatch} returns, that is after the ledger transaction
 * committed; a crash in between redelivers events the ledger already holds, and it ignores them.
 */
@Component
public class UsageListener {

    public static final String LISTENER_ID = "billing-usage";

    private static final Logger log = LoggerFactory.getLogger(UsageListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LogFactory.getLog(UsageListener.class));

    private final Ledger ledger;
    private final AvroKafkaDeserializer<Object> redecoder;
    private final Counter recorded;
    private final Counter duplicates;

    UsageListener(Ledger ledger, MeterRegistry meters, @Value("${conveyor.registry.url}") String registryUrl) {
        this.ledger = ledger;
        this.redecoder = new AvroKafkaDeserializer<>();
        this.redecoder.configure(AvroSerdes.consumerConfig(registryUrl), false);
        this.recorded = Counter.builder("conveyor.billing.events")
                .tag("outcome", "recorded")
                .description("Usage events newly recorded in the ledger")
                .register(meters);
        this.duplicates = Counter.builder("conveyor.billing.events")
                .tag("outcome", "duplicate")
                .description("Usage events the ledger already held (redeliveries, producer retries)")
                .register(meters);
    }

    @KafkaListener(
            id = LISTENER_ID,
            idIsGroup = false,
            topics = "${conveyor.billing.topics.usage:llm.usage}",
            containerFactory = "kafkaListenerContainerFactory")
    public void onBatch(List<ConsumerRecord<String, Object>> records) {
        List<UsageRecord> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, Object> record : records) {
            UsageRecord usage;
            try {
                usage = decode(record);
            } catch (RegistryUnavailableException unavailable) {
                // Not the record's fault: the error handler seeks back to it and, after a backoff,
                // it is decoded again, for as long as the registry is down.
                record(batch);
                throw new BatchListenerFailedException(unavailable.getMessage(), unavailable, record);
            } catch (DeserializationException | InvalidUsageEventException poison) {
                // Record what precedes the poison record, then let the error handler commit up to
                // it, dead-letter it and redeliver the rest.
                record(batch);
                throw new BatchListenerFailedException(describe(record, poison), poison, record);
            }
            batch.add(usage);
        }
        record(batch);
    }

    private void record(List<UsageRecord> batch) {
        AppendResult result = ledger.append(batch);
        recorded.increment(result.inserted());
        duplicates.increment(result.duplicates());
        if (result.duplicates() > 0) {
            log.debug("{} of {} usage events were already in the ledger", result.duplicates(), result.received());
        }
    }

    private UsageRecord decode(ConsumerRecord<String, Object> record) {
        DeserializationException undecodable = SerializationUtils.getExceptionFromHeader(
                record, KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        Object value = undecodable == null ? record.value() : decodeAgain(record, undecodable);
        if (value == null) {
            throw new InvalidUsageEventException(
                    Poison.NO_VALUE, "the record has no value (a tombstone); usage events are UsageEvents");
        }
        if (!(value instanceof UsageEvent event)) {
            throw new InvalidUsageEventException(
                    Poison.WRONG_SCHEMA,
                    "expected a UsageEvent, got a " + value.getClass().getName()
                            + "; was it produced to the wrong topic?");
        }
        return UsageRecord.of(event);
    }

    /**
     * Decodes an undecodable record's bytes once more, where the real cause can be seen (the
     * error-handling deserializer passes on only a copy of its message): a registry that was or is
     * unavailable is not the record's fault ({@link RegistryUnavailableException}, retried);
     * anything else is poison, with its cause.
     */
    private Object decodeAgain(ConsumerRecord<String, Object> record, DeserializationException undecodable) {
        try {
            return redecoder.deserialize(record.topic(), record.headers(), undecodable.getData());
        } catch (RuntimeException e) {
            if (DecodeFailures.registryUnavailable(e)) {
                throw new RegistryUnavailableException(e);
            }
            undecodable.addSuppressed(e);
            throw new DeserializationException(
                    "undecodable usage record: " + e.getMessage(), undecodable.getData(), false, e);
        }
    }

    private static String describe(ConsumerRecord<?, ?> record, Exception poison) {
        return "Poison usage record at " + record.topic() + "-" + record.partition() + "@" + record.offset() + " ("
                + poison.getMessage() + "); it goes to the dead-letter topic";
    }
}
