package dev.conveyor.router.dispatch;

import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.router.cache.ResponseCache;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.schemas.Attempt;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.EventIds;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.TokenUsage;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Builds final results and usage events, costed by the catalog's prices on the day of the call. */
class Results {

    private final Clock clock;

    Results(Clock clock) {
        this.clock = clock;
    }

    Outcome.Finished succeeded(CompletionRequest job, Model spec, CallResult.Success call, List<Attempt> attempts) {
        return answered(job, spec, call, attempts, false);
    }

    /**
     * A job answered through its provider's batch API: priced at the catalog's batch prices, its
     * usage marked {@code batchApi} with what the same tokens cost at list price, under an event id
     * of its own ({@code batch:} before the provider), apart from any synchronous call of the job.
     */
    Outcome.Finished answeredInBatch(
            CompletionRequest job, Model spec, CallResult.Success call, List<Attempt> attempts) {
        return answered(job, spec, call, attempts, true);
    }

    private Outcome.Finished answered(
            CompletionRequest job, Model spec, CallResult.Success call, List<Attempt> attempts, boolean batch) {
        Completion completion = call.completion();
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        BigDecimal cost = spec.cost(tokens(completion, batch), day);
        boolean filtered = "content_filter".equals(completion.finishReason());
        JobStatus status = filtered ? JobStatus.FAILED : JobStatus.SUCCEEDED;
        UsageEvent usage = UsageEvent.newBuilder()
                .setEventId(EventIds.forCall(
                        job, call.attemptNo(), batch ? "batch:" + spec.provider() : spec.provider(), spec.id()))
                .setBatchApi(batch)
                .setListCostUsd(batch ? spec.cost(tokens(completion, false), day) : null)
                .setJobId(job.getJobId())
                .setTenantId(job.getTenantId())
                .setBatchId(job.getBatchId())
                .setProvider(spec.provider())
                .setModel(spec.id())
                .setTaskType(job.getTaskType())
                .setInputTokens(completion.inputTokens())
                .setOutputTokens(completion.outputTokens())
                .setCachedInputTokens(completion.cachedInputTokens())
                .setCacheWriteTokens(completion.cacheWriteTokens())
                .setCacheWrite1hTokens(completion.cacheWrite1hTokens())
                .setCostUsd(cost)
                .setCacheHit(false)
                .setStatus(status)
                .setLatencyMs(Duration.between(call.started(), call.ended()).toMillis())
                .setTimestamp(call.ended())
                .build();
        CompletionResult result = base(job, attempts)
                .setStatus(status)
                .setContent(filtered ? null : completion.content())
                .setFinishReason(completion.finishReason())
                .setProvider(spec.provider())
                .setModel(spec.id())
                .setUsage(new TokenUsage(
                        completion.inputTokens(), completion.outputTokens(), completion.cachedInputTokens()))
                .setCostUsd(cost)
                .setErrorType(filtered ? ErrorType.CONTENT_FILTER.name() : null)
                .setErrorMessage(filtered ? spec.id() + " withheld the completion (content_filter)" : null)
                .build();
        return new Outcome.Finished(result, List.of(usage), false);
    }

    private static Tokens tokens(Completion completion, boolean batch) {
        return new Tokens(
                completion.inputTokens(),
                completion.cachedInputTokens(),
                completion.cacheWriteTokens(),
                completion.cacheWrite1hTokens(),
                completion.outputTokens(),
                batch);
    }

    /** A cache hit: the stored answer, flagged, with a usage event that costs nothing. */
    Outcome.Finished cached(CompletionRequest job, Model spec, ResponseCache.Entry entry, List<Attempt> attempts) {
        Instant now = clock.instant();
        int attemptNo = attempts.size();
        UsageEvent usage = UsageEvent.newBuilder()
                .setEventId(EventIds.forCall(job, attemptNo, "cache:" + spec.provider(), spec.id()))
                .setJobId(job.getJobId())
                .setTenantId(job.getTenantId())
                .setBatchId(job.getBatchId())
                .setProvider(spec.provider())
                .setModel(spec.id())
                .setTaskType(job.getTaskType())
                .setInputTokens(0L)
                .setOutputTokens(0L)
                .setCachedInputTokens(0L)
                .setCostUsd(Money.ZERO)
                .setCacheHit(true)
                .setStatus(JobStatus.SUCCEEDED)
                .setLatencyMs(0L)
                .setTimestamp(now)
                .build();
        CompletionResult result = base(job, attempts)
                .setStatus(JobStatus.SUCCEEDED)
                .setContent(entry.content())
                .setFinishReason(entry.finishReason())
                .setProvider(spec.provider())
                .setModel(spec.id())
                .setUsage(new TokenUsage(0L, 0L, 0L))
                .setCostUsd(Money.ZERO)
                .setCacheHit(true)
                .build();
        return new Outcome.Finished(result, List.of(usage), false);
    }

    Outcome.Finished failed(CompletionRequest job, List<Attempt> attempts, ErrorType type, String message) {
        return failed(job, attempts, type.name(), message);
    }

    /** A FAILED result whose cause is not a provider's ({@code PROCESSING_FAILED}: the job broke the router). */
    Outcome.Finished failed(CompletionRequest job, List<Attempt> attempts, String type, String message) {
        CompletionResult result = base(job, attempts)
                .setStatus(JobStatus.FAILED)
                .setUsage(new TokenUsage(0L, 0L, 0L))
                .setCostUsd(Money.ZERO)
                .setErrorType(type)
                .setErrorMessage(message)
                .build();
        return new Outcome.Finished(result, List.of(), true);
    }

    private CompletionResult.Builder base(CompletionRequest job, List<Attempt> attempts) {
        Instant now = clock.instant();
        Instant firstSeen = job.getSubmittedAt() != null ? job.getSubmittedAt() : now;
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
