package dev.conveyor.sim.fault;

import dev.conveyor.sim.FaultSpec;
import dev.conveyor.sim.OutageMode;
import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Decides whether a call fails, in this order: the model is down now; an outage window covers this instant; the
 * prompt carries a directive; the configured rates draw a fault.
 *
 * <p>Directives let a test ask for one fault deterministically: {@code #sim-status=503} (any injectable status),
 * {@code #sim-hang}, {@code #sim-refuse}, {@code #sim-content-filter}.
 */
public final class FaultInjector {

    private static final Pattern STATUS_DIRECTIVE = Pattern.compile("#sim-status=(\\d{3})");

    public Fault decide(FaultSpec spec, Duration sinceStart, String prompt, RandomGenerator random) {
        if (spec.down() != null) {
            return outage(spec.down());
        }
        for (var outage : spec.outages()) {
            if (outage.covers(sinceStart)) {
                return outage(outage.mode());
            }
        }
        if (prompt.contains("#sim-")) {
            var directed = directive(prompt);
            if (directed != Fault.NONE) {
                return directed;
            }
        }
        return drawn(spec, random);
    }

    private static Fault drawn(FaultSpec spec, RandomGenerator random) {
        double draw = random.nextDouble();
        double threshold = spec.hangRate();
        if (draw < threshold) {
            return Fault.HANG;
        }
        threshold += spec.refuseRate();
        if (draw < threshold) {
            return Fault.REFUSE;
        }
        for (Map.Entry<Integer, Double> rate : spec.errorRates().entrySet()) {
            threshold += rate.getValue();
            if (draw < threshold) {
                return Fault.error(rate.getKey());
            }
        }
        if (spec.contentFilterRate() > 0 && random.nextDouble() < spec.contentFilterRate()) {
            return Fault.CONTENT_FILTER;
        }
        return Fault.NONE;
    }

    private static Fault directive(String prompt) {
        var status = STATUS_DIRECTIVE.matcher(prompt);
        if (status.find() && FaultSpec.INJECTABLE_STATUSES.contains(Integer.parseInt(status.group(1)))) {
            return Fault.error(Integer.parseInt(status.group(1)));
        }
        if (prompt.contains("#sim-hang")) {
            return Fault.HANG;
        }
        if (prompt.contains("#sim-refuse")) {
            return Fault.REFUSE;
        }
        if (prompt.contains("#sim-content-filter")) {
            return Fault.CONTENT_FILTER;
        }
        return Fault.NONE;
    }

    private static Fault outage(OutageMode mode) {
        return switch (mode) {
            case REFUSE -> Fault.REFUSE;
            case HANG -> Fault.HANG;
            case UNAVAILABLE -> Fault.error(503);
        };
    }
}
