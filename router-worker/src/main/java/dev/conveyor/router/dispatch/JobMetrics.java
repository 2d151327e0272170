package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.UsageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The router's business metrics; names are Prometheus-friendly once Micrometer renders them. */
class JobMetrics {

    private final MeterRegistry meters;
    private final Timer overhead;

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
        meters.counter("conveyor.provider.calls", "provider", provider, "model", model, "outcome", outcome)
                .increment();
        Timer.builder("conveyor.provider.latency")
                .tags("provider", provider, "model", model)
                .publishPercentileHistogram()
                .register(meters)
                .record(latency);
    }

    void cache(boolean hit) {
        meters.counter("conveyor.cache.lookups", "result", hit ? "hit" : "miss").increment();
    }

    void fallback(String reason) {
        meters.counter("conveyor.fallbacks", "reason", reason).increment();
    }

    void finished(CompletionResult result) {
        meters.counter(
                        "conveyor.jobs.finished",
                        "status",
                        result.getStatus().name().toLowerCase(java.util.Locale.ROOT))
                .increment();
    }

    void billed(UsageEvent usage) {
        String provider = usage.getProvider();
        String model = usage.getModel();
        tokens(provider, model, "input", usage.getInputTokens() - usage.getCachedInputTokens());
        tokens(provider, model, "cached_input", usage.getCachedInputTokens());
        tokens(provider, model, "output", usage.getOutputTokens());
        // a metric, not money: the ledger keeps exact decimals
        Counter.builder("conveyor.cost.usd")
                .tags("provider", provider, "model", model)
                .register(meters)
                .increment(usage.getCostUsd().doubleValue());
    }

    private void tokens(String provider, String model, String kind, long count) {
        meters.counter("conveyor.tokens", "provider", provider, "model", model, "kind", kind)
                .increment(count);
    }
}
