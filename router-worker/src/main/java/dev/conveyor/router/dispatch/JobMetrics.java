package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.CompletionResult;
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
    private final Map<TaggedName, Counter> counters = new ConcurrentHashMap<>();
    private final Map<ModelKey, CallMeters> calls = new ConcurrentHashMap<>();
    private final Map<ModelKey, BilledMeters> billed = new ConcurrentHashMap<>();

    JobMetrics(MeterRegistry meters) {
        this.meters = meters;
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

    void finished(CompletionResult result) {
        counter("conveyor.jobs.finished", "status", result.getStatus().name().toLowerCase(Locale.ROOT))
                .increment();
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
