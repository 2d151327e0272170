package dev.conveyor.api.intake;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.errors.BrokerUnavailable;
import dev.conveyor.schemas.CompletionRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends jobs to their lane's request topic, partitioned by tenant ({@code TenantPartitioner}); a
 * job counts as accepted only once the broker acknowledged it.
 */
@Component
public class JobProducer {

    private final KafkaTemplate<String, Object> kafka;
    private final ApiSettings settings;

    JobProducer(KafkaTemplate<String, Object> kafka, ApiSettings settings) {
        this.kafka = kafka;
        this.settings = settings;
    }

    /** Starts sending; a failure to even start (no metadata, serializer error) is a failed future. */
    public CompletableFuture<?> send(String lane, CompletionRequest job) {
        try {
            return kafka.send(settings.lanes().topic(lane), job.getJobId(), job);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** @throws BrokerUnavailable unless the broker acknowledges within {@code conveyor.api.kafka-ack-timeout} */
    public void awaitAck(CompletableFuture<?> sent) {
        try {
            sent.get(settings.kafkaAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailable("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerUnavailable(
                    "Kafka did not acknowledge within "
                            + settings.kafkaAckTimeout().toSeconds() + "s",
                    e);
        }
    }
}
