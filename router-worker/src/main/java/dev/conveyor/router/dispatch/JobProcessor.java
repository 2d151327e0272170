package dev.conveyor.router.dispatch;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.batching.Coalescer;
import dev.conveyor.router.cache.ResponseCache;
import dev.conveyor.router.catalog.ModelCatalog;
import dev.conveyor.router.catalog.ModelSpec;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.Providers;
import dev.conveyor.router.routing.JobRejected;
import dev.conveyor.router.routing.Planner;
import dev.conveyor.schemas.Attempt;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.ModelRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Handles one job record: a job already finished is answered from its completion record (never
 * paid twice); otherwise the job's planned model for this step is called, with retries, and the
 * job either finishes or moves on to the next fallback topic.
 *
 * <p>Glossary: <em>step</em> is the index into the job's plan. {@code llm.requests} carries step
 * 0; {@code llm.requests.fallback-N} carries jobs bound for step N.
 */
class JobProcessor {

    private final Planner planner;
    private final Providers providers;
    private final ModelCatalog catalog;
    private final ModelCaller caller;
    private final Results results;
    private final CompletionRecords completions;
    private final OutcomePublisher publisher;
    private final RouterSettings.Topics topics;
    private final ResponseCache cache;
    private final JobMetrics metrics;

    JobProcessor(
            Planner planner,
            Providers providers,
            ModelCatalog catalog,
            ModelCaller caller,
            Results results,
            CompletionRecords completions,
            OutcomePublisher publisher,
            RouterSettings.Topics topics,
            ResponseCache cache,
            JobMetrics metrics) {
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
    }

    /**
     * Handles the job and publishes its outcome; records the router's own share of the time taken
     * (everything but the waits on providers, permits and retry pauses) as the dispatch overhead.
     */
    void process(String topic, CompletionRequest job) {
        long started = System.nanoTime();
        WaitTime waits = new WaitTime();
        run(topic, job, waits);
        metrics.overhead(System.nanoTime() - started - waits.nanos());
    }

    private void run(String topic, CompletionRequest job, WaitTime waits) {
        // The job's completion record is looked up while the job is planned and its cache entry
        // looked up: one database wait instead of two in a row. A record wins over whatever
        // planning decided or failed on: that job is answered from it as it stands.
        Coalescer.Ticket<Optional<Outcome.Finished>> record = completions.lookUp(job.getJobId());
        Next next = null;
        RuntimeException unprepared = null;
        try {
            next = prepare(topic, job);
        } catch (RuntimeException e) {
            unprepared = e;
        }
        Optional<Outcome.Finished> done = record.await();
        if (done.isPresent()) {
            publisher.publish(job, done.get());
            return;
        }
        if (unprepared != null) {
            throw unprepared;
        }
        Outcome outcome = proceed(next, waits);
        switch (outcome) {
            case Outcome.Finished finished -> {
                // Saved before it is published: a job whose result can be seen has its record, so a
                // later delivery of it is answered from the record, not paid for again. (Two
                // deliveries handled at the same moment may both be paid; the first record is kept.)
                completions.save(finished);
                metrics.finished(finished.result(), job.getSubmittedAt());
                finished.usage().forEach(metrics::billed);
            }
            case Outcome.Forwarded forwarded ->
                metrics.fallback(forwarded.job().getAttempts().getLast().getErrorType());
        }
        publisher.publish(job, outcome);
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
            int step,
            Optional<ModelSpec> spec,
            ResponseCache.Key cacheKey,
            List<Attempt> attempts)
            implements Next {}

    private Next prepare(String topic, CompletionRequest job) {
        List<ModelRef> plan;
        try {
            plan = limit(planner.plan(job));
        } catch (JobRejected e) {
            return new Decided(
                    results.failed(job, job.getAttempts(), ErrorType.INVALID_REQUEST, e.getMessage()), false);
        }
        CompletionRequest planned =
                CompletionRequest.newBuilder(job).setPlan(plan).build();
        int step = step(topic);
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
        Optional<ModelSpec> spec = catalog.find(ref.getProvider(), ref.getModel());
        ResponseCache.Key cacheKey = spec.isPresent() && cache != null && cache.appliesTo(planned)
                ? cache.keyOf(planned, ref.getProvider(), ref.getModel())
                : null;
        if (cacheKey != null) {
            Optional<ResponseCache.Entry> hit = cache.find(cacheKey);
            if (hit.isPresent()) {
                return new Decided(results.cached(planned, spec.get(), hit.get(), attempts), true);
            }
        }
        return new Call(planned, plan, step, spec, cacheKey, attempts);
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

    private Outcome call(Call next, WaitTime waits) {
        ModelRef ref = next.plan().get(next.step());
        Optional<ProviderClient> client = providers.get(ref.getProvider());
        CallResult call = next.spec().isPresent() && client.isPresent()
                ? caller.call(next.planned(), next.spec().get(), client.get(), next.attempts(), waits)
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
                afterFailure(next.planned(), next.plan(), next.step(), next.spec(), failure.error(), next.attempts());
        };
    }

    private Outcome afterFailure(
            CompletionRequest job,
            List<ModelRef> plan,
            int step,
            Optional<ModelSpec> failed,
            ProviderException error,
            List<Attempt> attempts) {
        if (error.type() == ErrorType.INVALID_REQUEST || error.type() == ErrorType.CONTENT_FILTER) {
            return results.failed(job, attempts, error.type(), error.getMessage());
        }
        int next = nextStep(plan, step, failed, error.type());
        if (next < 0) {
            return results.failed(
                    job, attempts, error.type(), "every planned model failed; last: " + error.getMessage());
        }
        CompletionRequest forwarded =
                CompletionRequest.newBuilder(job).setAttempts(attempts).build();
        return new Outcome.Forwarded(forwarded, topics.fallbacks().get(next - 1));
    }

    /** The next step worth trying; after a context-length error only a model with a larger window is. */
    private int nextStep(List<ModelRef> plan, int step, Optional<ModelSpec> failed, ErrorType type) {
        for (int next = step + 1; next < plan.size(); next++) {
            if (type != ErrorType.CONTEXT_LENGTH || failed.isEmpty()) {
                return next;
            }
            ModelRef ref = plan.get(next);
            int window = catalog.find(ref.getProvider(), ref.getModel())
                    .map(ModelSpec::contextWindow)
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

    private int step(String topic) {
        List<String> fallbacks = topics.fallbacks();
        int index = fallbacks.indexOf(topic);
        return index < 0 ? 0 : index + 1;
    }
}
