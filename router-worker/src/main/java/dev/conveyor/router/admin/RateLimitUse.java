package dev.conveyor.router.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * A provider's rate limits as the rate-limit meters show them ({@code conveyor.ratelimit.*}): the
 * limit in force per window and the permits granted so far, from which a reader polling twice gets
 * the use per minute.
 */
final class RateLimitUse {

    private final MeterRegistry meters;

    RateLimitUse(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * @param model the model, or {@code *} for the provider's own limit
     * @param kind {@code requests} or {@code tokens}
     */
    record Limit(String model, String kind, double limitPerWindow, double permitsGranted, double waiting) {}

    List<Limit> of(String provider) {
        return meters.find("conveyor.ratelimit.effective.limit").tag("provider", provider).gauges().stream()
                .map(limit -> {
                    String model = limit.getId().getTag("model");
                    String kind = limit.getId().getTag("kind");
                    Counter granted = meters.find("conveyor.ratelimit.permits")
                            .tags("provider", provider, "model", model, "kind", kind)
                            .counter();
                    Gauge waiting = meters.find("conveyor.ratelimit.waiting")
                            .tags("provider", provider, "model", model, "kind", kind)
                            .gauge();
                    return new Limit(
                            model,
                            kind,
                            limit.value(),
                            granted == null ? 0 : granted.count(),
                            waiting == null ? 0 : waiting.value());
                })
                .toList();
    }
}
