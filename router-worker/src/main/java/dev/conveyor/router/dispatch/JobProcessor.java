package dev.conveyor.router.dispatch;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.RouterSettings.Place;
import dev.conveyor.router.batching.Coalescer;
import dev.conveyor.router.budget.Admission;
import dev.conveyor.router.budget.BudgetGate;
import dev.conveyor.router.cache.ResponseCache;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.routing.JobRejected;
import dev.conveyor.router.routing.Planner;
import dev.conveyor.schemas.Attempt;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.DeadLetterHeaders;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.ModelRef;
import dev.conveyor.schemas.UsageEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Handles one job record: a job already finished is answered from its completion record (never
 * paid twice); otherwise the job's planned model for this step is called, with retries, and the
 * job either finishes or moves on to the next fallback topic.
 *
 * <p>Glossary: <em>step</em> is the index into the job's plan. A lane's request topic ({@code
 * llm.requests}, {@code llm.requests.interactive}) carries step 0; its {@code .fallback-N} topic
 * carries jobs bound for step N. A job stays in its lane through its fallbacks.
 */
class JobProcessor {

    private final Planner planner;
    private final Providers providers;
    private final Catalog catalog;
    private final ModelCaller caller;
    private final Results results;
    private final CompletionRecords completions;
    private final OutcomePublisher publisher;
    private final RouterSettings.Topics topics;
    private final ResponseCache cache;
    private final JobMetrics metrics;
    private final Clock clock;
    private final UntilDone untilDone;
    private final JobAdmission admission;
    private final BudgetGate budget;
    private Deferrals deferrals;

    JobProcessor(
            Planner planner,
            Providers providers,
            Catalog catalog,
            ModelCaller caller,
            Results results,
            CompletionRecords completions,
            OutcomePublisher publisher,
            RouterSettings.Topics topics,
            ResponseCache cache,
            JobMetrics metrics,
            Clock clock,
            JobAdmission admission) {
        this(
                planner,
                providers,
                catalog,
                caller,
                results,
                completions,
                publisher,
                topics,
                cache,
                metrics,
                clock,
                new UntilDone(UntilDone.Backoff.DEFAULT, Pauser.SLEEP),
                admission,
                null);
    }

    /** {@code budget} null: calls reserve nothing. */
    JobProcessor(
            Planner planner,
            Providers providers,
            Catalog catalog,
            ModelCaller caller,
            Results results,
            CompletionRecords completions,
            OutcomePublisher publisher,
            RouterSettings.Topics topics,
            ResponseCache cache,
            JobMetrics metrics,
            Clock clock,
            UntilDone untilDone,
            JobAdmission admission,
            BudgetGate budget) {
        this.untilDone = untilDone;
        this.budget = budget;
        this.planner = planner;
        this.providers = providers;
        this.catalog = catalog;
        this.caller = caller;
        this.results = results;
        this.completions = completions;
        this.publisher = publisher;
        this.topics = topics;
        this.cache = cache;
        this.metrics = metrics;
        this.clock = clock;
        this.admission = admission;
    }

    /** Jobs that may wait go through their provider's batch API ({@code conveyor.router.deferral}); set before the first job. */
    void deferTo(Deferrals deferrals) {
        this.deferrals = deferrals;
        deferrals.finishWith(this);
    }

    Results results() {
        return results;
    }

    ResponseCache cache() {
        return cache;
    }

    /** Finishes a deferred job whose provider batch has ended, as a called one is finished ({@link #finish}). */
    void finishCollected(CompletionRequest job, Outcome outcome, Origin origin) {
        finish(job, outcome, origin);
    }

    /**
     * Handles the job and publishes its outcome; records the router's own share of the time taken
     * (everything but the waits on providers, permits and retry pauses) as the dispatch overhead.
     */
    void process(String topic, CompletionRequest job) {
        process(Origin.of(topic), job);
    }

    /**
     * Handles the job from this record. A failure of the infrastructure before anything was paid
     * for is thrown (the caller runs the whole job again); once the outcome is known, saving and
     * publishing it are retried here until they succeed, so a provider is never paid twice for one
     * delivery.
     */
    void process(Origin origin, CompletionRequest job) {
        long started = System.nanoTime();
        WaitTime waits = new WaitTime();
        run(origin, marked(origin, job), waits);
        metrics.overhead(System.nanoTime() - started - waits.nanos());
    }

    /**
     * A job as the router handles it: arriving on a lane's request topic, it carries metadata
     * {@value DeadLetterHeaders#REDRIVEN} exactly when its record was re-driven from a dead-letter
     * topic (the header's value, which gives its calls ids of their own: {@code EventIds}), never
     * because a producer set it; on a fallback topic the router's own copy keeps what it carries.
     */
    private CompletionRequest marked(Origin origin, CompletionRequest job) {
        if (topics.placeOf(origin.topic()).step() > 0) {
            return job;
        }
        String carried = job.getMetadata().get(DeadLetterHeaders.REDRIVEN);
        if (java.util.Objects.equals(carried, origin.redrivenFrom())) {
            return job;
        }
        Map<String, String> metadata = new java.util.HashMap<>(job.getMetadata());
        if (origin.redriven()) {
            metadata.put(DeadLetterHeaders.REDRIVEN, origin.redrivenFrom());
        } else {
            metadata.remove(DeadLetterHeaders.REDRIVEN);
        }
        return CompletionRequest.newBuilder(job).setMetadata(metadata).build();
    }

    /**
     * Finishes a job that cannot be handled (it broke the router in a way retrying cannot mend): a
     * FAILED result, and the job on the DLT with the reason, published until acknowledged.
     */
    void failForGood(Origin origin, CompletionRequest job, String type, String message) {
        Outcome.Finished failed = results.failed(job, job.getAttempts(), type, message);
        untilDone.run("publishing the failure of job " + job.getJobId(), () -> publisher.publish(job, failed, origin));
        metrics.finished(failed.result(), job.getSubmittedAt());
    }

    private void run(Origin origin, CompletionRequest job, WaitTime waits) {
        String topic = origin.topic();
        // The job's completion record is looked up while the job is planned and its cache entry
        // looked up: one database wait instead of two in a row. A record wins over whatever
        // planning decided or failed on: that job is answered from it as it stands.
        Coalescer.Ticket<Optional<Outcome.Finished>> record = completions.lookUp(job.getTenantId(), job.getJobId());
        Next next = null;
        RuntimeException unprepared = null;
        try {
            next = prepare(topic, job);
        } catch (RuntimeException e) {
            unprepared = e;
        }
        Optional<Outcome.Finished> done = record.await();
        if (done.isPresent() && !redrivenPast(origin, done.get())) {
            untilDone.run("publishing job " + job.getJobId(), () -> publisher.publish(job, done.get(), origin));
            return;
        }
        if (unprepared != null) {
            throw unprepared;
        }
        finish(job, proceed(next, waits), origin);
    }

    /**
     * Records and publishes what handling a job came to. A final outcome is saved as the job's
     * completion record before it is published: a job whose result can be seen has its record, so
     * a later delivery of it is answered from the record, not paid for again. Two deliveries handled
     * at the same moment may both be paid; the first record is the job's result, and the later one
     * publishes it with its own calls' usage (and no second dead letter), so the job never has two
     * different results. Saving and publishing are retried until done.
     */
    private void finish(CompletionRequest job, Outcome outcome, Origin origin) {
        Outcome published = switch (outcome) {
            case Outcome.Finished finished -> {
                Optional<Outcome.Finished> earlier = untilDone.call(
                        "saving the completion record of job " + job.getJobId(),
                        () -> origin.redriven()
                                ? completions.saveRedriven(finished, origin.redrivenFrom())
                                : completions.save(finished));
                metrics.finished(finished.result(), job.getSubmittedAt());
                finished.usage().forEach(metrics::billed);
                yield earlier.isPresent()
                        ? new Outcome.Finished(earlier.get().result(), finished.usage(), false)
                        : finished;
            }
            case Outcome.Forwarded forwarded -> {
                metrics.fallback(
                        forwarded.job().getAttempts().isEmpty()
                                ? ErrorType.CIRCUIT_OPEN.name()
                                : forwarded.job().getAttempts().getLast().getErrorType());
                yield forwarded;
            }
            case Outcome.Deferred deferred -> deferred;
        };
        untilDone.run("publishing job " + job.getJobId(), () -> publisher.publish(job, published, origin));
    }

    /**
     * A record this re-driven delivery does not stand on: the job failed before the operator re-drove
     * it (a record of this same re-drive, made by an earlier delivery of it, does answer it).
     */
    private static boolean redrivenPast(Origin origin, Outcome.Finished record) {
        return origin.redriven()
                && record.result().getStatus() == JobStatus.FAILED
                && !origin.redrivenFrom().equals(record.result().getMetadata().get(DeadLetterHeaders.REDRIVEN));
    }

    Outcome handle(String topic, CompletionRequest job) {
        return handle(topic, job, new WaitTime());
    }

    Outcome handle(String topic, CompletionRequest job, WaitTime waits) {
        return proceed(prepare(topic, job), waits);
    }

    /** What is left to do for a job once it is planned and its cache entry looked up. */
    private sealed interface Next {}

    /** Nothing to call: the job is rejected, or answered from the cache ({@code cacheHit}). */
    private record Decided(Outcome outcome, boolean cacheHit) implements Next {}

    /** The planned model of this step is to be called. */
    private record Call(
            CompletionRequest planned,
            List<ModelRef> plan,
            Place place,
            Optional<Model> spec,
            ResponseCache.Key cacheKey,
            List<Attempt> attempts)
            implements Next {}

    private Next prepare(String topic, CompletionRequest job) {
        Optional<String> refusal = admission.refusal(job);
        if (refusal.isPresent()) {
            return new Decided(results.failed(job, job.getAttempts(), ErrorType.INVALID_REQUEST, refusal.get()), false);
        }
        List<ModelRef> plan;
        try {
            plan = limit(planner.plan(job));
        } catch (JobRejected e) {
            return new Decided(
                    results.failed(job, job.getAttempts(), ErrorType.INVALID_REQUEST, e.getMessage()), false);
        }
        CompletionRequest planned =
                CompletionRequest.newBuilder(job).setPlan(plan).build();
        Place place = topics.placeOf(topic);
        int step = place.step();
        if (step >= plan.size()) {
            return new Decided(
                    results.failed(
                            planned,
                            job.getAttempts(),
                            ErrorType.INVALID_REQUEST,
                            "job arrived on " + topic + " but its plan has only " + plan.size() + " models"),
                    false);
        }
        ModelRef ref = plan.get(step);
        List<Attempt> attempts = new ArrayList<>(job.getAttempts());
        Optional<Model> spec = catalog.find(ref.getProvider(), ref.getModel());
        ResponseCache.Key cacheKey = spec.isPresent() && cache != null && cache.appliesTo(planned)
                ? cache.keyOf(planned, ref.getProvider(), ref.getModel())
                : null;
        if (cacheKey != null) {
            Optional<ResponseCache.Entry> hit = cache.find(cacheKey);
            if (hit.isPresent()) {
                return new Decided(results.cached(planned, spec.get(), hit.get(), attempts), true);
            }
        }
        return new Call(planned, plan, place, spec, cacheKey, attempts);
    }

    /** Carries out what {@link #prepare} left to do; cache lookups count here, for jobs without a record. */
    private Outcome proceed(Next next, WaitTime waits) {
        return switch (next) {
            case Decided decided -> {
                if (decided.cacheHit()) {
                    metrics.cache(true);
                }
                yield decided.outcome();
            }
            case Call call -> {
                if (call.cacheKey() != null) {
                    metrics.cache(false);
                }
                yield call(call, waits);
            }
        };
    }

    /**
     * Reserves the call's worst case against the tenant's budget, calls, and settles the reservation
     * to what the call cost (nothing, when it failed). A refused job ends FAILED without a call; under
     * policy {@code downgrade} a cheaper model of the plan may be called instead.
     */
    private Outcome call(Call next, WaitTime waits) {
        if (deferrals != null
                && next.spec().isPresent()
                && deferrals.defers(next.planned(), next.place(), next.spec().get(), next.attempts())) {
            return defer(next);
        }
        if (budget == null || next.spec().isEmpty()) {
            return callModel(next, waits);
        }
        long waitStarted = waits.start();
        Admission admission = budget.admit(
                next.planned(),
                next.spec().get(),
                chain(next.plan()),
                next.attempts().size());
        waits.since(waitStarted);
        if (admission instanceof Admission.Refused refused) {
            return results.failed(
                    next.planned(), next.attempts(), ErrorType.valueOf(refused.errorType()), refused.message());
        }
        Admission.Granted granted = (Admission.Granted) admission;
        Call admitted = granted.downgraded(next.spec().get())
                ? new Call(
                        next.planned(), next.plan(), next.place(), Optional.of(granted.spec()), null, next.attempts())
                : next;
        Outcome outcome = null;
        try {
            outcome = callModel(admitted, waits);
            return outcome;
        } finally {
            settle(granted, outcome);
        }
    }

    /**
     * Keeps the job for its provider's next batch. A tenant the budget refuses now is refused as a
     * call would be; nothing is reserved for the wait (the batch's cost is billed when it is collected).
     */
    private Outcome defer(Call next) {
        if (budget != null) {
            Admission admission = budget.admit(next.planned(), next.spec().get(), chain(next.plan()), 0);
            if (admission instanceof Admission.Refused refused) {
                return results.failed(
                        next.planned(), next.attempts(), ErrorType.valueOf(refused.errorType()), refused.message());
            }
            budget.release((Admission.Granted) admission);
        }
        deferrals.defer(next.planned(), next.place(), next.spec().get());
        return new Outcome.Deferred();
    }

    private void settle(Admission.Granted granted, Outcome outcome) {
        if (outcome instanceof Outcome.Finished finished && !finished.usage().isEmpty()) {
            UsageEvent billed = finished.usage().getFirst();
            budget.settle(granted, billed.getCostUsd(), billed.getInputTokens() + billed.getOutputTokens());
        } else {
            budget.release(granted);
        }
    }

    private List<Model> chain(List<ModelRef> plan) {
        return plan.stream()
                .flatMap(ref -> catalog.find(ref.getProvider(), ref.getModel()).stream())
                .toList();
    }

    private Outcome callModel(Call next, WaitTime waits) {
        ModelRef ref = next.spec()
                .map(s -> new ModelRef(s.provider(), s.id()))
                .orElse(next.plan().get(next.place().step()));
        Optional<ProviderClient> client = providers.get(ref.getProvider());
        CallResult call = next.spec().isPresent() && client.isPresent()
                ? caller.call(
                        next.planned(),
                        next.spec().get(),
                        client.get(),
                        next.attempts(),
                        waits,
                        next.place().lane())
                : new CallResult.Failure(new ProviderException(
                        ErrorType.MODEL_NOT_FOUND,
                        0,
                        ref.getProvider() + "/" + ref.getModel() + " is not in this worker's catalog or not enabled",
                        null));
        return switch (call) {
            case CallResult.Success success -> {
                if (next.cacheKey() != null && isComplete(success)) {
                    cache.store(
                            next.cacheKey(),
                            next.planned().getTaskType(),
                            new ResponseCache.Entry(
                                    success.completion().content(),
                                    success.completion().finishReason()));
                }
                yield results.succeeded(next.planned(), next.spec().orElseThrow(), success, next.attempts());
            }
            case CallResult.Failure failure ->
                afterFailure(next.planned(), next.plan(), next.place(), next.spec(), failure.error(), next.attempts());
        };
    }

    Outcome afterFailure(
            CompletionRequest job,
            List<ModelRef> plan,
            Place place,
            Optional<Model> failed,
            ProviderException error,
            List<Attempt> attempts) {
        if (error.type() == ErrorType.INVALID_REQUEST
                || error.type() == ErrorType.CONTENT_FILTER
                || error.type() == ErrorType.DEADLINE_EXCEEDED) {
            return results.failed(job, attempts, error.type(), error.getMessage());
        }
        if (job.getDeadline() != null && !clock.instant().isBefore(job.getDeadline())) {
            return results.failed(
                    job,
                    attempts,
                    ErrorType.DEADLINE_EXCEEDED,
                    "the job's deadline " + job.getDeadline() + " passed; no fallback tried; last: "
                            + error.getMessage());
        }
        int next = nextStep(plan, place.step(), failed, error.type());
        if (next < 0) {
            if (error.type() == ErrorType.CIRCUIT_OPEN && !attempts.isEmpty()) {
                // the last model was skipped, not called: the job failed of its last real error
                Attempt last = attempts.getLast();
                return results.failed(
                        job,
                        attempts,
                        ErrorType.valueOf(last.getErrorType()),
                        "every planned model failed; last: " + last.getErrorMessage() + " (then " + error.getMessage()
                                + ")");
            }
            return results.failed(
                    job, attempts, error.type(), "every planned model failed; last: " + error.getMessage());
        }
        CompletionRequest forwarded =
                CompletionRequest.newBuilder(job).setAttempts(attempts).build();
        return new Outcome.Forwarded(forwarded, topics.fallbacks(place.lane()).get(next - 1));
    }

    /** The next step worth trying; after a context-length error only a model with a larger window is. */
    private int nextStep(List<ModelRef> plan, int step, Optional<Model> failed, ErrorType type) {
        for (int next = step + 1; next < plan.size(); next++) {
            if (type != ErrorType.CONTEXT_LENGTH || failed.isEmpty()) {
                return next;
            }
            ModelRef ref = plan.get(next);
            int window = catalog.find(ref.getProvider(), ref.getModel())
                    .map(Model::contextWindow)
                    .orElse(0);
            if (window > failed.get().contextWindow()) {
                return next;
            }
        }
        return -1;
    }

    private static boolean isComplete(CallResult.Success success) {
        String finish = success.completion().finishReason();
        return "stop".equals(finish) || "length".equals(finish);
    }

    /** A plan may not be longer than the fallback topics can carry. */
    private List<ModelRef> limit(List<ModelRef> plan) {
        int max = topics.fallbackSteps() + 1;
        return plan.size() <= max ? plan : List.copyOf(plan.subList(0, max));
    }
}
