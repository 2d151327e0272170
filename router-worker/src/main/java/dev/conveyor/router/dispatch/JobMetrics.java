package dev.conveyor.router.dispatch;

import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.telemetry.GenAiMetrics;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.UsageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The router's business metrics; names are Prometheus-friendly once Micrometer renders them. */
class JobMetrics {

    private final MeterRegistry meters;
    private final GenAiMetrics genAi;
    private final Map<String, Timer> e2e = new ConcurrentHashMap<>();
    private final Timer overhead;
    private final Map<TaggedName, Counter> counters = new ConcurrentHashMap<>();
    private final Map<ModelKey, CallMeters> calls = new ConcurrentHashMap<>();
    private final Map<ModelKey, BilledMeters> billed = new ConcurrentHashMap<>();

    JobMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.genAi = new GenAiMetrics(meters);
        this.overhead = Timer.builder("conveyor.dispatch.overhead")
                .description("Time a job spends in the router outside provider calls, rate-limit waits and retry"
                        + " pauses: completion-record and cache lookups, routing, and publishing its outcome")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
    }

    void overhead(long nanos) {
        overhead.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /**
     * One provider call, also as OpenTelemetry's GenAI metrics: {@code completion} is the answer
     * of a successful call, null for a failed one, whose {@code outcome} is the error type.
     */
    void call(String provider, String model, Duration latency, Completion completion, String errorType) {
        call(provider, model, completion == null ? errorType : "success", latency);
        genAi.operation(provider, model, model, latency, completion == null ? errorType : null);
        if (completion != null) {
            genAi.tokens(provider, model, model, completion.inputTokens(), completion.outputTokens());
        }
    }

    /** One provider call: {@code outcome} is {@code success} or the error type. */
    void call(String provider, String model, String outcome, Duration latency) {
        CallMeters m = calls.computeIfAbsent(new ModelKey(provider, model), k -> new CallMeters(meters, k));
        m.outcomes
                .computeIfAbsent(
                        outcome,
                        o -> meters.counter(
                                "conveyor.provider.calls", "provider", provider, "model", model, "outcome", o))
                .increment();
        m.latency.record(latency);
    }

    void cache(boolean hit) {
        counter("conveyor.cache.lookups", "result", hit ? "hit" : "miss").increment();
    }

    void fallback(String reason) {
        counter("conveyor.fallbacks", "reason", reason).increment();
    }

    /**
     * A job's final result; with the time it was submitted (null when its producer gave none), also
     * its end-to-end latency, {@code conveyor.jobs.e2e}: submission to final result, fallbacks and
     * queueing included.
     */
    void finished(CompletionResult result, Instant submittedAt) {
        String status = result.getStatus().name().toLowerCase(Locale.ROOT);
        counter("conveyor.jobs.finished", "status", status).increment();
        if (submittedAt != null) {
            e2e.computeIfAbsent(
                            status,
                            s -> Timer.builder("conveyor.jobs.e2e")
                                    .description("Time from a job's submission to its final result")
                                    .tags("status", s)
                                    .publishPercentileHistogram()
                                    .minimumExpectedValue(Duration.ofMillis(10))
                                    .maximumExpectedValue(Duration.ofHours(1))
                                    .register(meters))
                    .record(Duration.between(submittedAt, Instant.now()));
        }
    }

    void billed(UsageEvent usage) {
        BilledMeters m = billed.computeIfAbsent(
                new ModelKey(usage.getProvider(), usage.getModel()), k -> new BilledMeters(meters, k));
        m.inputTokens.increment(usage.getInputTokens() - usage.getCachedInputTokens());
        m.cachedInputTokens.increment(usage.getCachedInputTokens());
        m.outputTokens.increment(usage.getOutputTokens());
        // a metric, not money: the ledger keeps exact decimals
        m.cost.increment(usage.getCostUsd().doubleValue());
    }

    /**
     * A counter with one tag, kept once registered: looking a meter up by name and tags for every
     * job costs more than the job's own bookkeeping. Registered on first use, as before.
     */
    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(new TaggedName(name, tag, value), k -> meters.counter(name, tag, value));
    }

    private record TaggedName(String name, String tag, String value) {}

    private record ModelKey(String provider, String model) {}

    /** A model's call meters, registered on its first call. */
    private static final class CallMeters {
        final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
        final Timer latency;

        CallMeters(MeterRegistry meters, ModelKey key) {
            latency = Timer.builder("conveyor.provider.latency")
                    .tags("provider", key.provider(), "model", key.model())
                    .publishPercentileHistogram()
                    .register(meters);
        }
    }

    /** A model's billing meters, registered on its first usage event. */
    private static final class BilledMeters {
        final Counter inputTokens;
        final Counter cachedInputTokens;
        final Counter outputTokens;
        final Counter cost;

        BilledMeters(MeterRegistry meters, ModelKey key) {
            inputTokens = tokens(meters, key, "input");
            cachedInputTokens = tokens(meters, key, "cached_input");
            outputTokens = tokens(meters, key, "output");
            cost = Counter.builder("conveyor.cost.usd")
                    .tags("provider", key.provider(), "model", key.model())
                    .register(meters);
        }

        private static Counter tokens(MeterRegistry meters, ModelKey key, String kind) {
            return meters.counter("conveyor.tokens", "provider", key.provider(), "model", key.model(), "kind", kind);
        }
    }
}
