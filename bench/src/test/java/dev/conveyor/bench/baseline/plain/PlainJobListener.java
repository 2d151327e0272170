package dev.conveyor.bench.baseline.plain;

import dev.conveyor.bench.baseline.BaselineResults;
import dev.conveyor.bench.baseline.OpenAiCall;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.EventIds;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.kafka.retrytopic.TopicSuffixingStrategy;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/** One job per call, blocking; the offset is committed after the result is on the broker (the default BATCH ack). */
@Component
class PlainJobListener {

    private final OpenAiCall provider;
    private final KafkaTemplate<String, Object> kafka;
    private final String results;

    PlainJobListener(
            OpenAiCall provider,
            KafkaTemplate<String, Object> kafka,
            @Value("${bench.topics.results}") String results) {
        this.provider = provider;
        this.kafka = kafka;
        this.results = results;
    }

    @RetryableTopic(
            attempts = "2",
            backOff = @BackOff(delay = 500),
            numPartitions = "${bench.partitions}",
            replicationFactor = "1",
            topicSuffixingStrategy = TopicSuffixingStrategy.SUFFIX_WITH_INDEX_VALUE)
    @KafkaListener(
            id = "${bench.group}",
            topics = "${bench.topics.requests}",
            groupId = "${bench.group}",
            concurrency = "${bench.partitions}")
    void onJob(ConsumerRecord<String, CompletionRequest> record) throws OpenAiCall.CallFailed {
        Instant started = Instant.now();
        CompletionRequest job = record.value();
        int attempt = attempt(record);
        List<String> chain = BaselineResults.chain(job.getTaskType());
        String model = chain.get(Math.min(attempt, chain.size() - 1));
        OpenAiCall.Answer answer = provider.complete(
                job, model, EventIds.forCall(job.getTenantId(), job.getJobId(), attempt, "openai", model));
        publish(BaselineResults.succeeded(job, model, answer, started));
    }

    @DltHandler
    void onDeadLetter(
            ConsumerRecord<String, CompletionRequest> record,
            @Header(name = KafkaHeaders.EXCEPTION_MESSAGE, required = false) String error) {
        publish(BaselineResults.failed(record.value(), String.valueOf(error), Instant.now()));
    }

    private void publish(CompletionResult result) {
        kafka.send(results, result.getJobId(), result).join();
    }

    /** 0 on the main topic; the retry topic's delivery count (an int header) after that. */
    private static int attempt(ConsumerRecord<?, ?> record) {
        org.apache.kafka.common.header.Header header =
                record.headers().lastHeader(RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS);
        if (header == null || header.value() == null || header.value().length != Integer.BYTES) {
            return 0;
        }
        return Math.max(0, ByteBuffer.wrap(header.value()).getInt() - 1);
    }
}
