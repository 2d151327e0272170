package dev.conveyor.api.intake;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.config.JsonPointers;
import dev.conveyor.api.config.Text;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.models.ModelCatalog;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Checks a job (templates rendered, defaults applied) field by field; the first fault wins and names its field. */
@Component
class JobValidator {

    static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Set<String> ROLES = Set.of("user", "assistant", "system");
    private static final int MAX_METADATA_ENTRIES = 32;
    private static final int MAX_METADATA_KEY = 64;
    private static final int MAX_METADATA_VALUE = 512;

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
        if (job.temperature() != null) {
            require(
                    job.temperature() >= 0 && job.temperature() <= 2,
                    "/temperature",
                    "temperature should be between 0 and 2");
        }
        checkMetadata(job.metadata());
        checkChain(job.metadata());
    }

    static void checkJobId(String jobId) {
        if (jobId != null) {
            require(
                    JOB_ID.matcher(jobId).matches(),
                    "/job_id",
                    "job_id should be 1-128 letters, digits, '.', '_', ':' or '-'");
        }
    }

    private void checkTaskType(String taskType) {
        require(taskType != null, "/task_type", "task_type is required (no default task type is configured)");
        require(
                settings.taskTypes().contains(taskType),
                "/task_type",
                "unknown task_type '" + abbreviate(taskType) + "'; known: " + new TreeSet<>(settings.taskTypes()));
    }

    private void checkPrompt(JobSubmission job) {
        require(
                job.messages() != null && !job.messages().isEmpty(),
                "/messages",
                "messages should hold at least one message (or give a template_id)");
        long chars = job.systemPrompt() == null ? 0 : job.systemPrompt().length();
        if (job.systemPrompt() != null) {
            requireText(job.systemPrompt(), "/system_prompt");
        }
        for (int i = 0; i < job.messages().size(); i++) {
            JobSubmission.Message m = job.messages().get(i);
            require(m != null, "/messages/" + i, "a message should be an object with role and content");
            require(
                    m.role() != null && ROLES.contains(m.role()),
                    "/messages/" + i + "/role",
                    "role should be one of " + new TreeSet<>(ROLES));
            require(m.content() != null && !m.content().isBlank(), "/messages/" + i + "/content", "content is empty");
            requireText(m.content(), "/messages/" + i + "/content");
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

    private static void checkMetadata(Map<String, String> metadata) {
        if (metadata == null) {
            return;
        }
        require(
                metadata.size() <= MAX_METADATA_ENTRIES,
                "/metadata",
                "metadata may hold " + MAX_METADATA_ENTRIES + " entries");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String field = "/metadata/" + JsonPointers.escape(e.getKey());
            require(
                    !e.getKey().isEmpty() && e.getKey().length() <= MAX_METADATA_KEY,
                    "/metadata",
                    "metadata keys should be 1-" + MAX_METADATA_KEY + " characters");
            require(e.getValue() != null, field, "metadata values should be strings");
            requireText(e.getKey(), "/metadata");
            requireText(e.getValue(), field);
            require(
                    e.getValue().length() <= MAX_METADATA_VALUE,
                    field,
                    "metadata values may have " + MAX_METADATA_VALUE + " characters");
        }
    }

    private static void requireText(String text, String field) {
        require(Text.wellFormed(text), field, "text should be valid Unicode without NUL characters");
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new InvalidRequest(field, message);
        }
    }
}
