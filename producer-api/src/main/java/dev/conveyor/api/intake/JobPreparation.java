package dev.conveyor.api.intake;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.templates.RenderedPrompt;
import dev.conveyor.api.templates.TemplateRenderer;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Turns a submitted job into one ready to produce: checks the tenant, renders its template,
 * applies defaults and validates. Faults name fields relative to the job's own JSON.
 */
@Component
public class JobPreparation {

    private final TemplateRenderer templates;
    private final JobValidator validator;
    private final ApiSettings settings;
    private final Clock clock;

    JobPreparation(TemplateRenderer templates, JobValidator validator, ApiSettings settings, Clock clock) {
        this.templates = templates;
        this.validator = validator;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The job ready to produce, in its lane ({@code defaultLane} unless it names one) with its
     * absolute deadline.
     *
     * @throws InvalidRequest naming the field at fault
     */
    public JobSubmission prepare(String tenantId, JobSubmission job, String defaultLane) {
        if (job.tenantId() != null && !job.tenantId().equals(tenantId)) {
            throw new InvalidRequest(
                    "/tenant_id",
                    "tenant_id comes from the API key, which belongs to tenant '" + tenantId + "'; leave it out");
        }
        JobValidator.checkJobId(job.jobId());
        JobSubmission rendered = render(tenantId, job);
        String defaultTaskType =
                settings.defaultTaskType() == null || settings.defaultTaskType().isBlank()
                        ? null
                        : settings.defaultTaskType();
        JobSubmission ready = rendered.withDefaults(defaultTaskType, settings.defaultMaxTokens());
        validator.validate(ready);
        return JobSchedule.resolve(ready, settings.lanes(), defaultLane, clock.instant());
    }

    private JobSubmission render(String tenantId, JobSubmission job) {
        if (job.templateId() == null) {
            if (job.templateVersion() != null || job.variables() != null) {
                throw new InvalidRequest("/template_id", "template_version and variables need a template_id");
            }
            return job;
        }
        if (job.messages() != null) {
            throw new InvalidRequest("/messages", "give either messages or a template_id, not both");
        }
        RenderedPrompt prompt =
                templates.render(tenantId, job.templateId(), job.templateVersion(), job.model(), job.variables());
        return job.withPrompt(
                prompt.messages().stream()
                        .map(t -> new JobSubmission.Message(t.role(), t.content()))
                        .toList(),
                job.systemPrompt() != null ? job.systemPrompt() : prompt.systemPrompt());
    }
}
