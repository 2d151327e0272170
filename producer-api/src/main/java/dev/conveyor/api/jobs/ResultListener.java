package dev.conveyor.api.jobs;

import dev.conveyor.schemas.CompletionResult;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps job state current by consuming the result topic. */
@Component
class ResultListener {

    private final JobStore jobs;

    ResultListener(JobStore jobs) {
        this.jobs = jobs;
    }

    @KafkaListener(id = "api-results", topics = "${conveyor.api.results-topic:llm.results}")
    void onResult(CompletionResult result) {
        jobs.finished(result);
    }
}
