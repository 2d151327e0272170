package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.JobRules;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a job read from Kafka must pass before the router plans or calls anything: the rules
 * producer-api applies to what it receives ({@link JobRules}), a reply topic from the allow-list,
 * and a tenant that exists. A job that fails is answered FAILED (INVALID_REQUEST) and dead-lettered
 * through the ordinary failure path, never sent to a provider.
 */
class JobAdmission {

    private final Set<String> replyTopics;
    private final Predicate<String> tenantExists;

    /** @param tenantExists answers whether a (well-formed) tenant id belongs to a registered tenant */
    JobAdmission(Set<String> replyTopics, Predicate<String> tenantExists) {
        this.replyTopics = Set.copyOf(replyTopics);
        this.tenantExists = tenantExists;
    }

    /** Why the job may not run, or empty when it may. */
    Optional<String> refusal(CompletionRequest job) {
        Optional<JobRules.Violation> violation = JobRules.check(job, replyTopics);
        if (violation.isPresent()) {
            return violation.map(JobRules.Violation::toString);
        }
        String tenant = job.getTenantId().toString();
        return tenantExists.test(tenant)
                ? Optional.empty()
                : Optional.of("/tenant_id: no tenant '" + tenant + "' is registered");
    }
}
