package dev.conveyor.router.dispatch;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.schemas.CompletionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes a job's usage events and result, and waits until the broker has them all. */
@Component
class OutcomePublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final RouterSettings.Topics topics;

    OutcomePublisher(KafkaTemplate<String, Object> kafka, RouterSettings settings) {
        this.kafka = kafka;
        this.topics = settings.topics();
    }

    void publish(CompletionRequest job, Outcome outcome) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        outcome.usage().forEach(u -> sends.add(kafka.send(topics.usage(), u.getTenantId(), u)));
        String resultTopic = job.getReplyTopic() != null ? job.getReplyTopic() : topics.results();
        sends.add(kafka.send(resultTopic, job.getJobId(), outcome.result()));
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }
}
