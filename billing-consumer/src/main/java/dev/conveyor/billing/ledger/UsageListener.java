package dev.conveyor.billing.ledger;

import dev.conveyor.schemas.UsageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private final Counter recorded;
    private final Counter duplicates;

    UsageListener(Ledger ledger, MeterRegistry meters) {
        this.ledger = ledger;
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

    private static UsageRecord decode(ConsumerRecord<String, Object> record) {
        DeserializationException undecodable = SerializationUtils.getExceptionFromHeader(
                record, KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        if (undecodable != null) {
            throw undecodable;
        }
        if (!(record.value() instanceof UsageEvent event)) {
            throw new InvalidUsageEventException("expected a UsageEvent, got "
                    + (record.value() == null
                            ? "no value"
                            : record.value().getClass().getName()));
        }
        return UsageRecord.of(event);
    }

    private static String describe(ConsumerRecord<?, ?> record, Exception poison) {
        return "Poison usage record at " + record.topic() + "-" + record.partition() + "@" + record.offset() + " ("
                + poison.getMessage() + "); it goes to the dead-letter topic";
    }
}
