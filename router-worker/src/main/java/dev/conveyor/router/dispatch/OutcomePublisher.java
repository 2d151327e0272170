package dev.conveyor.router.dispatch;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.DeadLetterHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes what handling a job produced and waits until the broker has all of it, so the job's
 * offset may be committed: usage events, then the result (and the job on the DLT if it failed for
 * good); or the job on its next fallback topic.
 */
class OutcomePublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final RouterSettings.Topics topics;
    private final Timer acks;

    OutcomePublisher(KafkaTemplate<String, Object> kafka, RouterSettings.Topics topics, MeterRegistry meters) {
        this.kafka = kafka;
        this.topics = topics;
        this.acks = Timer.builder("conveyor.publish.wait")
                .description("How long a job waits for the broker to acknowledge its outcome's records")
                .register(meters);
    }

    void publish(CompletionRequest job, Outcome outcome) {
        publish(job, outcome, Origin.of(topics.requests()));
    }

    void publish(CompletionRequest job, Outcome outcome, Origin origin) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        switch (outcome) {
            case Outcome.Finished finished -> {
                finished.usage().forEach(u -> sends.add(kafka.send(topics.usage(), u.getTenantId(), u)));
                sends.add(kafka.send(topics.resultTopic(job), job.getJobId(), finished.result()));
                if (finished.deadLetter()) {
                    sends.add(kafka.send(deadLetter(job, finished, origin)));
                }
            }
            case Outcome.Forwarded forwarded ->
                sends.add(kafka.send(forwarded.topic(), job.getJobId(), forwarded.job()));
            case Outcome.Deferred deferred -> {
                return; // published when its provider batch is collected
            }
        }
        long started = System.nanoTime();
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        acks.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private ProducerRecord<String, Object> deadLetter(CompletionRequest job, Outcome.Finished finished, Origin origin) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(topics.deadLetter(), job.getJobId(), job);
        DeadLetterHeaders.original(
                record.headers(), origin.topic(), origin.partition(), origin.offset(), origin.timestamp());
        DeadLetterHeaders.error(
                record.headers(),
                String.valueOf(finished.result().getErrorType()),
                String.valueOf(finished.result().getErrorMessage()),
                null);
        return record;
    }
}
