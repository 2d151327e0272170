package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.CompletionRequest;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes jobs and finishes each before its offset is committed. */
@Component
class RequestListener {

    private final JobHandler handler;
    private final OutcomePublisher publisher;

    RequestListener(JobHandler handler, OutcomePublisher publisher) {
        this.handler = handler;
        this.publisher = publisher;
    }

    @KafkaListener(
            id = "router",
            topics = "${conveyor.router.topics.requests:llm.requests}",
            concurrency = "${conveyor.router.listener-concurrency:4}")
    void onJob(CompletionRequest job) {
        publisher.publish(job, handler.handle(job));
    }
}
