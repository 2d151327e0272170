package dev.conveyor.api.intake;

import dev.conveyor.api.ApiSettings;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Checks a submission field by field; the first fault wins and names its field. */
@Component
class JobValidator {

    private static final Set<String> ROLES = Set.of("user", "assistant", "system");

    private final ApiSettings settings;

    JobValidator(ApiSettings settings) {
        this.settings = settings;
    }

    void validate(JobSubmission job) {
        require(job.tenantId() != null && !job.tenantId().isBlank(), "/tenant_id", "tenant_id is required");
        require(job.taskType() != null, "/task_type", "task_type is required");
        require(
                settings.taskTypes().contains(job.taskType()),
                "/task_type",
                "unknown task_type '" + job.taskType() + "'; known: " + settings.taskTypes());
        require(job.messages() != null && !job.messages().isEmpty(), "/messages", "messages must not be empty");
        long chars = 0;
        for (int i = 0; i < job.messages().size(); i++) {
            JobSubmission.Message m = job.messages().get(i);
            require(m != null && ROLES.contains(m.role()), "/messages/" + i + "/role", "role must be one of " + ROLES);
            require(m.content() != null && !m.content().isBlank(), "/messages/" + i + "/content", "content is empty");
            chars += m.content().length();
        }
        require(
                chars <= settings.maxPromptChars(),
                "/messages",
                "prompt has " + chars + " characters; the limit is " + settings.maxPromptChars());
        if (job.maxTokens() != null) {
            require(
                    job.maxTokens() >= 1 && job.maxTokens() <= 1_000_000,
                    "/max_tokens",
                    "max_tokens must be 1 or more");
        }
        if (job.temperature() != null) {
            require(
                    job.temperature() >= 0 && job.temperature() <= 2,
                    "/temperature",
                    "temperature must be between 0 and 2");
        }
        if (job.jobId() != null) {
            require(
                    job.jobId().matches("[A-Za-z0-9._:-]{1,128}"),
                    "/job_id",
                    "job_id must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new InvalidJob(field, message);
        }
    }
}
