package dev.conveyor.router.dispatch;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.TokenKind;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.RouterSettings.Place;
import dev.conveyor.router.cache.ResponseCache;
import dev.conveyor.router.deferral.DeferralMetrics;
import dev.conveyor.router.deferral.DeferredJobs;
import dev.conveyor.router.deferral.DeferredWork;
import dev.conveyor.router.provider.BatchApi;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.schemas.Attempt;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.DeadLetterHeaders;
import dev.conveyor.schemas.EventIds;
import dev.conveyor.schemas.UsageEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Jobs that may wait, sent through their provider's batch API instead of being called: which job is
 * deferred ({@link #defers}), keeping it ({@link #defer}), and, once its provider batch has ended,
 * finishing it as a call would have ({@link DeferredWork}): its result and usage at batch prices, or
 * the next model of its chain, or a synchronous call when the batch did not answer it.
 */
class Deferrals implements DeferredWork {

    private final RouterSettings.Deferral settings;
    private final Providers providers;
    private final Catalog catalog;
    private final DeferredJobs store;
    private final DeferralMetrics metrics;
    private final RouterSettings.Topics topics;
    private final Clock clock;
    private JobProcessor processor;

    Deferrals(
            RouterSettings.Deferral settings,
            Providers providers,
            Catalog catalog,
            DeferredJobs store,
            DeferralMetrics metrics,
            RouterSettings.Topics topics,
            Clock clock) {
        this.settings = settings;
        this.providers = providers;
        this.catalog = catalog;
        this.store = store;
        this.metrics = metrics;
        this.topics = topics;
        this.clock = clock;
    }

    /** The processor that finishes collected jobs (it defers through this, so it is set after both are made). */
    void finishWith(JobProcessor processor) {
        this.processor = processor;
    }

    /**
     * Whether this job's call is deferred: its first call, not re-driven, to a model with batch
     * prices whose provider's batch API is configured, and the job may wait (marked deferrable, or
     * its deadline at least the horizon away).
     */
    boolean defers(CompletionRequest job, Place place, Model spec, List<Attempt> attempts) {
        if (!settings.enabled() || place.step() != 0 || !attempts.isEmpty()) {
            return false;
        }
        if (job.getMetadata().containsKey(DeadLetterHeaders.REDRIVEN)) {
            return false;
        }
        if (providers.batchApi(spec.provider()).isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        if (spec.pricesOn(LocalDate.ofInstant(now, ZoneOffset.UTC))
                .listed(TokenKind.BATCH_INPUT)
                .isEmpty()) {
            return false;
        }
        if (job.getDeadline() != null && !job.getDeadline().isAfter(now)) {
            return false;
        }
        return job.getDeferrable()
                || (job.getDeadline() != null
                        && !Duration.between(now, job.getDeadline())
                                .minus(settings.horizon())
                                .isNegative());
    }

    /** Keeps the planned job for its provider's next batch; a second delivery of a kept job keeps nothing more. */
    void defer(CompletionRequest planned, Place place, Model spec) {
        BatchApi api = providers.batchApi(spec.provider()).orElseThrow();
        // a custom_id is as long as any other (a UUID)
        int lineBytes =
                api.line(EventIds.forCall(planned, 0, "batch", spec.id()), ModelCaller.request(planned, spec, 0)).length
                        + 1;
        String topic = topics.lanes().get(place.lane()).topic();
        if (store.defer(planned, place.lane(), topic, spec.provider(), spec.id(), lineBytes)) {
            metrics.deferred(spec.provider(), spec.id());
        }
    }

    @Override
    public ProviderCall request(DeferredJobs.Deferred job) {
        return ModelCaller.request(job.job(), spec(job), job.job().getAttempts().size());
    }

    @Override
    public void answered(DeferredJobs.Deferred job, Completion completion, Instant submitted, Instant ended) {
        Model spec = spec(job);
        CompletionRequest request = job.job();
        int attemptNo = request.getAttempts().size();
        Outcome.Finished finished = processor
                .results()
                .answeredInBatch(
                        request,
                        spec,
                        new CallResult.Success(completion, attemptNo, submitted == null ? ended : submitted, ended),
                        new ArrayList<>(request.getAttempts()));
        ResponseCache cache = processor.cache();
        if (cache != null && cache.appliesTo(request) && isComplete(completion)) {
            cache.store(
                    cache.keyOf(request, spec.provider(), spec.id()),
                    request.getTaskType(),
                    new ResponseCache.Entry(completion.content(), completion.finishReason()));
        }
        for (UsageEvent usage : finished.usage()) {
            if (usage.getListCostUsd() != null) {
                metrics.saved(usage.getListCostUsd().subtract(usage.getCostUsd()));
            }
        }
        processor.finishCollected(request, finished, origin(job));
    }

    @Override
    public void failed(DeferredJobs.Deferred job, ProviderException error, Instant submitted) {
        List<Attempt> attempts = new ArrayList<>(job.job().getAttempts());
        attempts.add(attempt(job, error.type(), error.getMessage(), submitted));
        Outcome outcome = processor.afterFailure(
                job.job(), job.job().getPlan(), new Place(job.lane(), 0), Optional.of(spec(job)), error, attempts);
        processor.finishCollected(job.job(), outcome, origin(job));
    }

    @Override
    public void unanswered(DeferredJobs.Deferred job, String reason, Instant submitted) {
        CompletionRequest request = job.job();
        List<Attempt> attempts = new ArrayList<>(request.getAttempts());
        attempts.add(attempt(job, ErrorType.TIMEOUT, reason, submitted));
        Outcome outcome;
        if (request.getDeadline() != null && !clock.instant().isBefore(request.getDeadline())) {
            outcome = processor
                    .results()
                    .failed(
                            request,
                            attempts,
                            ErrorType.DEADLINE_EXCEEDED,
                            "the job's deadline " + request.getDeadline() + " passed while it was deferred: " + reason);
        } else {
            // back to its lane's first step, to be called synchronously (a job with attempts is not deferred)
            outcome = new Outcome.Forwarded(
                    CompletionRequest.newBuilder(request).setAttempts(attempts).build(),
                    topics.lanes().get(job.lane()).topic());
        }
        processor.finishCollected(request, outcome, origin(job));
    }

    private Attempt attempt(DeferredJobs.Deferred job, ErrorType type, String message, Instant started) {
        Instant now = clock.instant();
        Instant from = started == null ? now : started;
        return new Attempt(
                job.provider(),
                job.model(),
                type.name(),
                "in a provider batch: " + message,
                from,
                Math.max(0, Duration.between(from, now).toMillis()));
    }

    private Origin origin(DeferredJobs.Deferred job) {
        RouterSettings.Lane lane = topics.lanes().get(job.lane());
        return Origin.of(lane == null ? topics.requests() : lane.topic());
    }

    private Model spec(DeferredJobs.Deferred job) {
        return catalog.find(job.provider(), job.model())
                .orElseThrow(() -> new IllegalStateException(job.provider() + "/" + job.model() + " of deferred job "
                        + job.job().getJobId() + " is not in the catalog"));
    }

    private static boolean isComplete(Completion completion) {
        return "stop".equals(completion.finishReason()) || "length".equals(completion.finishReason());
    }
}
