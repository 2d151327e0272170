package dev.conveyor.api.intake;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.jobs.JobStore;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/** Validates a job, produces it to Kafka and records it as queued once the broker acknowledged it. */
@Service
public class JobIntake {

    private final JobValidator validator;
    private final KafkaTemplate<String, Object> kafka;
    private final JobStore jobs;
    private final ApiSettings settings;
    private final Clock clock;

    JobIntake(
            JobValidator validator,
            KafkaTemplate<String, Object> kafka,
            JobStore jobs,
            ApiSettings settings,
            Clock clock) {
        this.validator = validator;
        this.kafka = kafka;
        this.jobs = jobs;
        this.settings = settings;
        this.clock = clock;
    }

    /** Returns the job id once the broker has the job. */
    public String submit(JobSubmission submission) {
        validator.validate(submission);
        CompletionRequest request = toRequest(submission);
        try {
            kafka.send(settings.requestsTopic(), request.getJobId(), request)
                    .get(settings.kafkaAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailable("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerUnavailable("Kafka did not acknowledge the job within " + settings.kafkaAckTimeout(), e);
        }
        jobs.queued(request);
        return request.getJobId();
    }

    private CompletionRequest toRequest(JobSubmission s) {
        return CompletionRequest.newBuilder()
                .setJobId(s.jobId() != null ? s.jobId() : UUID.randomUUID().toString())
                .setTenantId(s.tenantId())
                .setTaskType(s.taskType())
                .setMessages(s.messages().stream()
                        .map(m -> new ChatMessage(m.role(), m.content()))
                        .toList())
                .setSystemPrompt(s.systemPrompt())
                .setModel(s.model())
                .setProvider(s.provider())
                .setMaxTokens(s.maxTokens() != null ? s.maxTokens() : settings.defaultMaxTokens())
                .setTemperature(s.temperature())
                .setSubmittedAt(clock.instant())
                .setMetadata(s.metadata() != null ? s.metadata() : Map.of())
                .build();
    }
}
