package dev.conveyor.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * End-to-end latency at a steady load the worker keeps up with: jobs sent at a fixed rate (a
 * fraction of the throughput just measured), each timed from the driver's send to the driver's
 * receipt of its result. Under a backlog this time would be queueing, not the product's latency.
 */
final class Probe {

    record Result(int jobs, double ratePerSecond, double[] e2eMillis, int missing) {}

    private final KafkaProducer<String, Object> producer;
    private final ResultLog results;
    private final Placements placements;
    private final String topic;
    private final String tag;

    Probe(KafkaProducer<String, Object> producer, ResultLog results, Placements placements, String topic, String tag) {
        this.producer = producer;
        this.results = results;
        this.placements = placements;
        this.topic = topic;
        this.tag = tag;
    }

    /**
     * Sends one untimed job with index {@code first} (it warms up the producer's metadata and schema
     * lookup), then {@code count} jobs from {@code first + 1} at {@code rate} per second, and waits
     * for their results.
     */
    Result run(int first, int count, double rate, Duration resultTimeout) {
        warmUp(first);
        first++;
        long[] sentNanos = new long[count];
        AtomicReference<Exception> failure = new AtomicReference<>();
        final int from = first;
        Thread sender = Thread.ofPlatform().name("probe-sender").start(() -> {
            long start = System.nanoTime();
            long interval = (long) (1e9 / rate);
            for (int k = 0; k < count && failure.get() == null; k++) {
                long due = start + k * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                var job = JobMix.job(tag, from + k, Instant.now());
                sentNanos[k] = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, job.getJobId(), job), placements.recorder(from + k, failure));
            }
            producer.flush();
        });
        long deadline = System.nanoTime() + (long) (count / rate * 1e9) + resultTimeout.toNanos();
        while (System.nanoTime() < deadline
                && (sender.isAlive() || results.finishedBetween(first, first + count) < count)) {
            results.poll(Duration.ofMillis(20));
        }
        Driver.join(sender, "sending probe jobs");
        if (failure.get() != null) {
            throw new IllegalStateException("could not send probe jobs", failure.get());
        }
        double[] e2e = new double[count];
        int measured = 0;
        for (int k = 0; k < count; k++) {
            if (results.finished(first + k)) {
                e2e[measured++] = (results.receivedNanos(first + k) - sentNanos[k]) / 1e6;
            }
        }
        return new Result(count, rate, java.util.Arrays.copyOf(e2e, measured), count - measured);
    }

    private void warmUp(int index) {
        var job = JobMix.job(tag, index, Instant.now());
        try {
            placements.record(
                    index,
                    producer.send(new ProducerRecord<>(topic, job.getJobId(), job))
                            .get());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not send the probe's warm-up job", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the probe's warm-up job", e);
        }
    }
}
