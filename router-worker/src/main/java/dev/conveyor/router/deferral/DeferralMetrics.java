package dev.conveyor.router.deferral;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;

/** What deferral does, as meters: jobs deferred, batches submitted and open, the oldest wait, money saved. */
public final class DeferralMetrics {

    private final MeterRegistry meters;
    private final AtomicLong openBatches = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final Counter savings;

    public DeferralMetrics(MeterRegistry meters) {
        this.meters = meters;
        Gauge.builder("conveyor.deferral.batches.open", openBatches, AtomicLong::get)
                .description("Provider batches submitted or being submitted and not yet collected, cluster-wide")
                .register(meters);
        Gauge.builder("conveyor.deferral.oldest.age", oldestAgeSeconds, AtomicLong::get)
                .description("How long the oldest job still deferred has waited, cluster-wide")
                .baseUnit("seconds")
                .register(meters);
        this.savings = Counter.builder("conveyor.deferral.savings")
                .description("What calls through batch APIs cost less than at list price")
                .baseUnit("usd")
                .register(meters);
    }

    public void deferred(String provider, String model) {
        meters.counter("conveyor.deferral.jobs.deferred", "provider", provider, "model", model)
                .increment();
    }

    public void submitted(String provider, String model, int requests) {
        meters.counter("conveyor.deferral.batches.submitted", "provider", provider, "model", model)
                .increment();
        meters.counter("conveyor.deferral.requests.submitted", "provider", provider, "model", model)
                .increment(requests);
    }

    /** A deferred job ended: {@code answered}, {@code failed} in its batch, or {@code unanswered}. */
    public void collected(String provider, String how) {
        meters.counter("conveyor.deferral.jobs.collected", "provider", provider, "outcome", how)
                .increment();
    }

    public void saved(BigDecimal usd) {
        savings.increment(usd.doubleValue());
    }

    void gauges(DeferredJobs.Gauges gauges, java.time.Instant now) {
        openBatches.set(gauges.openBatches());
        oldestAgeSeconds.set(gauges.oldest()
                .map(t -> Math.max(0, java.time.Duration.between(t, now).toSeconds()))
                .orElse(0L));
    }
}
