package dev.conveyor.api.intake;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.models.ModelCatalog;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.JobRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/** Checks a job (templates rendered, defaults applied) field by field; the first fault wins and names its field. */
@Component
class JobValidator {

    private final ApiSettings settings;
    private final ModelCatalog catalog;

    JobValidator(ApiSettings settings, ModelCatalog catalog) {
        this.settings = settings;
        this.catalog = catalog;
    }

    void validate(JobSubmission job) {
        checkTaskType(job.taskType());
        checkPrompt(job);
        checkPins(job.model(), job.provider());
        checkMaxTokens(job);
        rule(JobRules.checkTemperature(job.temperature()));
        rule(JobRules.checkMetadata(job.metadata()));
        checkChain(job.metadata());
    }

    static void checkJobId(String jobId) {
        if (jobId != null) {
            rule(JobRules.checkJobId(jobId));
        }
    }

    private void checkTaskType(String taskType) {
        require(taskType != null, "/task_type", "task_type is required (no default task type is configured)");
        require(
                settings.taskTypes().contains(taskType),
                "/task_type",
                "unknown task_type '" + abbreviate(taskType) + "'; known: " + new TreeSet<>(settings.taskTypes()));
    }

    /** The shared rules of {@link JobRules}, then the prompt size this API allows. */
    private void checkPrompt(JobSubmission job) {
        List<ChatMessage> messages = job.messages() == null
                ? null
                : job.messages().stream()
                        .map(m -> m == null ? null : new ChatMessage(m.role(), m.content()))
                        .toList();
        rule(JobRules.checkPrompt(messages, job.systemPrompt()));
        long chars = job.systemPrompt() == null ? 0 : job.systemPrompt().length();
        for (JobSubmission.Message m : job.messages()) {
            chars += m.content().length();
        }
        require(
                chars <= settings.maxPromptChars(),
                "/messages",
                "the prompt has " + chars + " characters; the limit is " + settings.maxPromptChars());
    }

    private void checkPins(String model, String provider) {
        if (provider != null) {
            require(
                    catalog.knowsProvider(provider),
                    "/provider",
                    "unknown provider '" + abbreviate(provider) + "'; known: " + catalog.providers());
        }
        if (model != null) {
            require(
                    catalog.find(model, null).isPresent(),
                    "/model",
                    "unknown model '" + abbreviate(model) + "'; known: " + catalog.ids());
            require(
                    catalog.find(model, provider).isPresent(),
                    "/model",
                    "model '" + model + "' is not served by provider '" + provider + "'");
        }
    }

    private void checkMaxTokens(JobSubmission job) {
        int limit = job.model() != null
                ? catalog.find(job.model(), job.provider()).orElseThrow().maxOutputTokens()
                : catalog.maxOutputTokens(job.provider());
        String on = job.model() != null
                ? "model " + job.model()
                : job.provider() != null ? "any model of provider " + job.provider() : "any known model";
        require(
                job.maxTokens() >= 1 && job.maxTokens() <= limit,
                "/max_tokens",
                "max_tokens should be from 1 to " + limit + " (the most " + on + " can write)");
    }

    /** {@code metadata.chain} names one of the catalog's chains (HIGH_QUALITY, LOCAL_ONLY, …). */
    private void checkChain(Map<String, String> metadata) {
        String chain = metadata == null ? null : metadata.get("chain");
        if (chain != null) {
            require(
                    catalog.knowsChain(chain.trim()),
                    "/metadata/chain",
                    "unknown chain '" + abbreviate(chain) + "'; known: " + catalog.chains());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }

    private static void rule(Optional<JobRules.Violation> violation) {
        violation.ifPresent(v -> {
            throw new InvalidRequest(v.field(), v.message());
        });
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new InvalidRequest(field, message);
        }
    }
}
