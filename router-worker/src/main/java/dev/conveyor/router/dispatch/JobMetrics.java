package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.UsageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The router's business metrics; names are Prometheus-friendly once Micrometer renders them. */
class JobMetrics {

    private final MeterRegistry meters;
    private final Timer overhead;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Map<ModelKey, ModelMeters> byModel = new ConcurrentHashMap<>();
    private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();
    private final Map<JobStatus, Counter> finished = new ConcurrentHashMap<>();

    JobMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.overhead = Timer.builder("conveyor.dispatch.overhead")
                .description("Time a job spends in the router outside provider calls, rate-limit waits and retry"
                        + " pauses: completion-record and cache lookups, routing, and publishing its outcome")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
        this.cacheHits = meters.counter("conveyor.cache.lookups", "result", "hit");
        this.cacheMisses = meters.counter("conveyor.cache.lookups", "result", "miss");
    }

    void overhead(long nanos) {
        overhead.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** One provider call: {@code outcome} is {@code success} or the error type. */
    void call(String provider, String model, String outcome, Duration latency) {
        ModelMeters m = model(provider, model);
        m.calls
                .computeIfAbsent(
                        outcome,
                        o -> meters.counter(
                                "conveyor.provider.calls", "provider", provider, "model", model, "outcome", o))
                .increment();
        m.latency.record(latency);
    }

    void cache(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    void fallback(String reason) {
        fallbacks
                .computeIfAbsent(reason, r -> meters.counter("conveyor.fallbacks", "reason", r))
                .increment();
    }

    void finished(CompletionResult result) {
        finished.computeIfAbsent(
                        result.getStatus(),
                        status -> meters.counter(
                                "conveyor.jobs.finished",
                                "status",
                                status.name().toLowerCase(Locale.ROOT)))
                .increment();
    }

    void billed(UsageEvent usage) {
        ModelMeters m = model(usage.getProvider(), usage.getModel());
        m.inputTokens.increment(usage.getInputTokens() - usage.getCachedInputTokens());
        m.cachedInputTokens.increment(usage.getCachedInputTokens());
        m.outputTokens.increment(usage.getOutputTokens());
        // a metric, not money: the ledger keeps exact decimals
        m.cost.increment(usage.getCostUsd().doubleValue());
    }

    /** Looking a meter up by name and tags costs more than a job's own bookkeeping: keep them per model. */
    private ModelMeters model(String provider, String model) {
        return byModel.computeIfAbsent(new ModelKey(provider, model), k -> new ModelMeters(meters, provider, model));
    }

    private record ModelKey(String provider, String model) {}

    private static final class ModelMeters {
        final Map<String, Counter> calls = new ConcurrentHashMap<>();
        final Timer latency;
        final Counter inputTokens;
        final Counter cachedInputTokens;
        final Counter outputTokens;
        final Counter cost;

        ModelMeters(MeterRegistry meters, String provider, String model) {
            latency = Timer.builder("conveyor.provider.latency")
                    .tags("provider", provider, "model", model)
                    .publishPercentileHistogram()
                    .register(meters);
            inputTokens = tokens(meters, provider, model, "input");
            cachedInputTokens = tokens(meters, provider, model, "cached_input");
            outputTokens = tokens(meters, provider, model, "output");
            cost = Counter.builder("conveyor.cost.usd")
                    .tags("provider", provider, "model", model)
                    .register(meters);
        }

        private static Counter tokens(MeterRegistry meters, String provider, String model, String kind) {
            return meters.counter("conveyor.tokens", "provider", provider, "model", model, "kind", kind);
        }
    }
}
