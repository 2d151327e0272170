package dev.conveyor.router.dispatch;

import dev.conveyor.router.catalog.ModelCatalog;
import dev.conveyor.router.catalog.ModelSpec;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.routing.JobRejected;
import dev.conveyor.router.routing.Planner;
import dev.conveyor.schemas.Attempt;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.EventIds;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.ModelRef;
import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.TokenUsage;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Runs one job along its planned chain of models until one answers or none is left, and says
 * what to publish. A non-retryable error other than a context-length error ends the chain.
 */
@Component
class JobHandler {

    private final Planner planner;
    private final Providers providers;
    private final ModelCatalog catalog;
    private final Clock clock;

    JobHandler(Planner planner, Providers providers, ModelCatalog catalog, Clock clock) {
        this.planner = planner;
        this.providers = providers;
        this.catalog = catalog;
        this.clock = clock;
    }

    Outcome handle(CompletionRequest job) {
        Instant firstSeen = job.getSubmittedAt() != null ? job.getSubmittedAt() : clock.instant();
        List<ModelRef> plan;
        try {
            plan = planner.plan(job);
        } catch (JobRejected e) {
            return failed(job, firstSeen, List.of(), ErrorType.INVALID_REQUEST, e.getMessage());
        }
        List<Attempt> attempts = new ArrayList<>(job.getAttempts());
        for (ModelRef ref : plan) {
            ModelSpec spec = catalog.find(ref.getProvider(), ref.getModel()).orElseThrow();
            ProviderClient client = providers.get(ref.getProvider()).orElseThrow();
            int attemptNo = attempts.size();
            Instant started = clock.instant();
            try {
                Completion completion = client.complete(call(job, ref, attemptNo));
                return succeeded(job, firstSeen, spec, completion, attempts, attemptNo, started);
            } catch (ProviderException e) {
                attempts.add(new Attempt(
                        ref.getProvider(),
                        ref.getModel(),
                        e.type().name(),
                        e.getMessage(),
                        started,
                        Duration.between(started, clock.instant()).toMillis()));
                if (!e.retryable() && e.type() != ErrorType.CONTEXT_LENGTH) {
                    return failed(job, firstSeen, attempts, e.type(), e.getMessage());
                }
            }
        }
        Attempt last = attempts.getLast();
        return failed(
                job,
                firstSeen,
                attempts,
                ErrorType.valueOf(last.getErrorType()),
                "every planned model failed; last: " + last.getErrorMessage());
    }

    private static ProviderCall call(CompletionRequest job, ModelRef ref, int attemptNo) {
        return new ProviderCall(
                ref.getModel(),
                job.getSystemPrompt(),
                job.getMessages().stream()
                        .map(m -> new ProviderCall.Message(m.getRole(), m.getContent()))
                        .toList(),
                job.getMaxTokens(),
                job.getTemperature(),
                EventIds.forCall(job.getJobId(), attemptNo, ref.getProvider(), ref.getModel()));
    }

    private Outcome succeeded(
            CompletionRequest job,
            Instant firstSeen,
            ModelSpec spec,
            Completion completion,
            List<Attempt> attempts,
            int attemptNo,
            Instant started) {
        Instant now = clock.instant();
        BigDecimal cost =
                catalog.cost(spec, completion.inputTokens(), completion.cachedInputTokens(), completion.outputTokens());
        boolean filtered = "content_filter".equals(completion.finishReason());
        JobStatus status = filtered ? JobStatus.FAILED : JobStatus.SUCCEEDED;
        UsageEvent usage = UsageEvent.newBuilder()
                .setEventId(EventIds.forCall(job.getJobId(), attemptNo, spec.provider(), spec.model()))
                .setJobId(job.getJobId())
                .setTenantId(job.getTenantId())
                .setBatchId(job.getBatchId())
                .setProvider(spec.provider())
                .setModel(spec.model())
                .setTaskType(job.getTaskType())
                .setInputTokens(completion.inputTokens())
                .setOutputTokens(completion.outputTokens())
                .setCachedInputTokens(completion.cachedInputTokens())
                .setCostUsd(cost)
                .setCacheHit(false)
                .setStatus(status)
                .setLatencyMs(Duration.between(started, now).toMillis())
                .setTimestamp(now)
                .build();
        CompletionResult result = base(job, firstSeen, attempts)
                .setStatus(status)
                .setContent(filtered ? null : completion.content())
                .setFinishReason(completion.finishReason())
                .setProvider(spec.provider())
                .setModel(spec.model())
                .setUsage(new TokenUsage(
                        completion.inputTokens(), completion.outputTokens(), completion.cachedInputTokens()))
                .setCostUsd(cost)
                .setErrorType(filtered ? ErrorType.CONTENT_FILTER.name() : null)
                .setErrorMessage(filtered ? spec.model() + " withheld the completion (content_filter)" : null)
                .build();
        return new Outcome(result, List.of(usage));
    }

    private Outcome failed(
            CompletionRequest job, Instant firstSeen, List<Attempt> attempts, ErrorType type, String message) {
        CompletionResult result = base(job, firstSeen, attempts)
                .setStatus(JobStatus.FAILED)
                .setUsage(new TokenUsage(0L, 0L, 0L))
                .setCostUsd(Money.ZERO)
                .setErrorType(type.name())
                .setErrorMessage(message)
                .build();
        return new Outcome(result, List.of());
    }

    private CompletionResult.Builder base(CompletionRequest job, Instant firstSeen, List<Attempt> attempts) {
        Instant now = clock.instant();
        return CompletionResult.newBuilder()
                .setJobId(job.getJobId())
                .setTenantId(job.getTenantId())
                .setBatchId(job.getBatchId())
                .setAttempts(List.copyOf(attempts))
                .setLatencyMs(Math.max(0, Duration.between(firstSeen, now).toMillis()))
                .setCompletedAt(now)
                .setMetadata(job.getMetadata());
    }
}
