package dev.conveyor.router.dispatch;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.schemas.CompletionRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Consumes jobs from the request topic and every fallback topic; a record is finished before its offset is committed. */
class JobListener {

    private final JobProcessor processor;
    private final String[] topics;

    JobListener(JobProcessor processor, RouterSettings.Topics topics) {
        this.processor = processor;
        List<String> all = new ArrayList<>();
        all.add(topics.requests());
        all.addAll(topics.fallbacks());
        this.topics = all.toArray(String[]::new);
    }

    public String[] getTopics() {
        return topics.clone();
    }

    @KafkaListener(
            id = "router",
            topics = "#{__listener.topics}",
            concurrency = "${conveyor.router.listener-concurrency:4}")
    void onJob(ConsumerRecord<String, CompletionRequest> record) {
        processor.process(record.topic(), record.value());
    }
}
