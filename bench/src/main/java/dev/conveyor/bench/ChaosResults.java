package dev.conveyor.bench;

import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The result topic as the chaos driver reads it, by job id (API jobs are named by producer-api, so
 * the index-based {@link ResultLog} does not fit): each job's first final result, and every later
 * one compared with it. A repeat that differs (status, content, model or usage) is a
 * <em>conflicting</em> result: the job was answered twice, differently.
 */
final class ChaosResults implements AutoCloseable {

    /** What identifies a final result: two results of one job that differ here conflict. */
    record Outcome(
            String tenant,
            boolean succeeded,
            String provider,
            String model,
            String contentDigest,
            long inputTokens,
            long outputTokens,
            BigDecimal costUsd,
            List<String> attempts) {

        static Outcome of(CompletionResult r) {
            return new Outcome(
                    r.getTenantId(),
                    r.getStatus() != JobStatus.FAILED,
                    r.getProvider(),
                    r.getModel(),
                    r.getContent() == null
                            ? null
                            : Integer.toHexString(r.getContent().hashCode()),
                    r.getUsage().getInputTokens(),
                    r.getUsage().getOutputTokens(),
                    r.getCostUsd(),
                    r.getAttempts().stream()
                            .map(a -> a.getProvider() + "/" + a.getModel())
                            .toList());
        }

        boolean sameAs(Outcome other) {
            return succeeded == other.succeeded
                    && Objects.equals(provider, other.provider)
                    && Objects.equals(model, other.model)
                    && Objects.equals(contentDigest, other.contentDigest)
                    && inputTokens == other.inputTokens
                    && outputTokens == other.outputTokens;
        }
    }

    private final KafkaConsumer<String, Object> consumer;
    private final Map<String, Outcome> first = new HashMap<>();
    private int duplicates;
    private int conflicting;

    ChaosResults(KafkaConsumer<String, Object> consumer, List<TopicPartition> partitions) {
        this.consumer = consumer;
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    void poll(Duration timeout) {
        for (ConsumerRecord<String, Object> record : consumer.poll(timeout)) {
            if (record.value() instanceof CompletionResult result) {
                Outcome outcome = Outcome.of(result);
                Outcome earlier = first.putIfAbsent(result.getJobId(), outcome);
                if (earlier != null) {
                    duplicates++;
                    if (!earlier.sameAs(outcome)) {
                        conflicting++;
                    }
                }
            }
        }
    }

    Outcome get(String jobId) {
        return first.get(jobId);
    }

    boolean has(String jobId) {
        return first.containsKey(jobId);
    }

    int finished() {
        return first.size();
    }

    Map<String, Outcome> all() {
        return first;
    }

    int duplicates() {
        return duplicates;
    }

    int conflicting() {
        return conflicting;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
