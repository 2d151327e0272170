package dev.conveyor.router.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Rate-limit meters: {@code conveyor.ratelimit.permits} granted (requests and tokens), time
 * waited for them, refusals, 429s received, and the limit in force per provider and model.
 */
final class RateLimitMetrics {

    private final MeterRegistry meters;

    RateLimitMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void track(LeasedPermits limiter) {
        Bucket b = limiter.bucket();
        Gauge.builder("conveyor.ratelimit.effective.limit", limiter, LeasedPermits::effectiveLimit)
                .description("The limit in force for the whole cluster per window, after 429s and provider headers")
                .tags("provider", b.provider(), "model", model(b), "kind", kind(b))
                .register(meters);
        Gauge.builder("conveyor.ratelimit.waiting", limiter, LeasedPermits::waiting)
                .tags("provider", b.provider(), "model", model(b), "kind", kind(b))
                .register(meters);
    }

    void granted(Bucket b, long permits) {
        Counter.builder("conveyor.ratelimit.permits")
                .description("Permits granted to calls")
                .tags("provider", b.provider(), "model", model(b), "kind", kind(b))
                .register(meters)
                .increment(permits);
    }

    void waited(String provider, String model, Duration waited) {
        Timer.builder("conveyor.ratelimit.wait")
                .description("Time a call waited for rate-limit permits")
                .tags("provider", provider, "model", model)
                .register(meters)
                .record(waited);
    }

    void refused(String provider, String model, RateLimited.Reason reason) {
        meters.counter("conveyor.ratelimit.refused", "provider", provider, "model", model, "reason", reason.name())
                .increment();
    }

    void http429(String provider, String model) {
        meters.counter("conveyor.ratelimit.http429", "provider", provider, "model", model)
                .increment();
    }

    private static String model(Bucket b) {
        return b.model() == null ? "*" : b.model();
    }

    private static String kind(Bucket b) {
        return b.kind().name().toLowerCase();
    }
}
