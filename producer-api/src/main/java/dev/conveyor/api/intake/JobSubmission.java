package dev.conveyor.api.intake;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of {@code POST /v1/jobs}, and of each job in a batch; names are snake_case on the wire.
 * A job gives either {@code messages} or a {@code template_id} with its {@code variables}.
 *
 * @param tenantId optional; when given it must be the API key's tenant
 * @param jobId optional client job id: submitting the same id again answers the first submission
 * @param priority the lane ({@code interactive}, {@code bulk}); by default single jobs go on
 *     interactive and batches on bulk
 * @param deadline when the job is no longer worth doing, an ISO-8601 instant; after it the job
 *     fails with {@code DEADLINE_EXCEEDED} instead of being called
 * @param completionWindow the deadline as a duration from submission ({@code 24h}, {@code 90m},
 *     {@code PT2H}); give this or {@code deadline}
 * @param deferrable optional: the job may wait up to 24 hours, so the router may send it through its
 *     provider's batch API at batch prices (about half); a batch's jobs are deferrable when the
 *     batch's {@code completion_window} is 24 hours or longer and the job has no deadline of its own
 */
public record JobSubmission(
        String jobId,
        String tenantId,
        String taskType,
        List<Message> messages,
        String systemPrompt,
        String model,
        String provider,
        Integer maxTokens,
        Double temperature,
        Map<String, String> metadata,
        String templateId,
        Integer templateVersion,
        Map<String, String> variables,
        String priority,
        String deadline,
        String completionWindow,
        Boolean deferrable) {

    public record Message(String role, String content) {}

    JobSubmission withPrompt(List<Message> messages, String systemPrompt) {
        Copy copy = new Copy(this);
        copy.messages = messages;
        copy.systemPrompt = systemPrompt;
        return copy.build();
    }

    /** The pins of the {@code X-LLM-Model} and {@code X-LLM-Provider} headers, where the body has none. */
    JobSubmission withPins(String headerModel, String headerProvider) {
        Copy copy = new Copy(this);
        copy.model = model != null ? model : headerModel;
        copy.provider = provider != null ? provider : headerProvider;
        return copy.build();
    }

    JobSubmission withDefaults(String defaultTaskType, int defaultMaxTokens) {
        Copy copy = new Copy(this);
        copy.taskType = taskType != null ? taskType : defaultTaskType;
        copy.maxTokens = maxTokens != null ? maxTokens : defaultMaxTokens;
        return copy.build();
    }

    /** The same job with one more metadata entry (a batch line's {@code custom_id}). */
    public JobSubmission withMetadata(String key, String value) {
        Map<String, String> more = new TreeMap<>(metadata == null ? Map.of() : metadata);
        more.put(key, value);
        Copy copy = new Copy(this);
        copy.metadata = more;
        return copy.build();
    }

    /** The same job in this lane, with this absolute deadline (ISO-8601, or null) and no window. */
    JobSubmission withSchedule(String lane, String absoluteDeadline) {
        Copy copy = new Copy(this);
        copy.priority = lane;
        copy.deadline = absoluteDeadline;
        copy.completionWindow = null;
        return copy.build();
    }

    /**
     * The same job with the batch's lane and window where it names neither lane nor deadline of its
     * own. Such a job of a batch whose window is a day or longer ({@link JobSchedule#defers}) is
     * deferrable, unless it says {@code deferrable} itself: the client accepted waiting as long as a
     * provider's batch API may take.
     */
    public JobSubmission withBatchSchedule(String lane, String window) {
        boolean ownDeadline = deadline != null || completionWindow != null;
        Copy copy = new Copy(this);
        copy.priority = priority != null ? priority : lane;
        copy.completionWindow = ownDeadline ? completionWindow : window;
        if (deferrable == null && !ownDeadline && JobSchedule.defers(window)) {
            copy.deferrable = true;
        }
        return copy.build();
    }

    /** The components the withers above change; the rest are copied as they are. */
    private static final class Copy {
        private final JobSubmission from;
        private String taskType;
        private List<Message> messages;
        private String systemPrompt;
        private String model;
        private String provider;
        private Integer maxTokens;
        private Map<String, String> metadata;
        private String priority;
        private String deadline;
        private String completionWindow;
        private Boolean deferrable;

        private Copy(JobSubmission from) {
            this.from = from;
            this.taskType = from.taskType;
            this.messages = from.messages;
            this.systemPrompt = from.systemPrompt;
            this.model = from.model;
            this.provider = from.provider;
            this.maxTokens = from.maxTokens;
            this.metadata = from.metadata;
            this.priority = from.priority;
            this.deadline = from.deadline;
            this.completionWindow = from.completionWindow;
            this.deferrable = from.deferrable;
        }

        private JobSubmission build() {
            return new JobSubmission(
                    from.jobId,
                    from.tenantId,
                    taskType,
                    messages,
                    systemPrompt,
                    model,
                    provider,
                    maxTokens,
                    from.temperature,
                    metadata,
                    from.templateId,
                    from.templateVersion,
                    from.variables,
                    priority,
                    deadline,
                    completionWindow,
                    deferrable);
        }
    }
}
