package dev.conveyor.bench;

import dev.conveyor.schemas.CompletionRequest;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Produces a scenario's job set to its request topic before any worker runs, recording where each job landed. */
final class Backlog {

    private Backlog() {}

    /** Jobs {@code TAG-0} … {@code TAG-(jobs-1)} of the {@link JobMix}; answers the seconds it took. */
    static double produce(
            String bootstrap, String registryUrl, String topic, String tag, int jobs, Placements placements) {
        return produce(bootstrap, registryUrl, topic, tag, jobs, placements, UnaryOperator.identity());
    }

    /** As {@link #produce}, each job changed by {@code adjust} first (its id stays). */
    static double produce(
            String bootstrap,
            String registryUrl,
            String topic,
            String tag,
            int jobs,
            Placements placements,
            UnaryOperator<CompletionRequest> adjust) {
        long started = System.nanoTime();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Instant submitted = Instant.now();
        try (KafkaProducer<String, Object> producer = BenchKafka.producer(bootstrap, registryUrl, 10)) {
            for (int i = 0; i < jobs && failure.get() == null; i++) {
                CompletionRequest job = adjust.apply(JobMix.job(tag, i, submitted));
                producer.send(new ProducerRecord<>(topic, job.getJobId(), job), placements.recorder(i, failure));
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not produce the backlog", failure.get());
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
