package dev.conveyor.router.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Observed latency and error rate per provider/model, as exponentially weighted moving averages,
 * for the latency and balanced strategies. Unobserved models start at the neutral prior.
 */
public class ModelStats {

    private static final double ALPHA = 0.1;
    private static final double PRIOR_LATENCY_MS = 2_000;

    private final ConcurrentMap<String, Averages> byModel = new ConcurrentHashMap<>();

    public void record(String provider, String model, long latencyMs, boolean failed) {
        byModel.computeIfAbsent(provider + "/" + model, k -> new Averages()).add(latencyMs, failed);
    }

    public double latencyMs(String key) {
        return latencyMs(key, PRIOR_LATENCY_MS);
    }

    /** Observed latency, or {@code priorMs} (the catalog's typical latency) before the first call. */
    public double latencyMs(String key, double priorMs) {
        Averages a = byModel.get(key);
        return a == null ? priorMs : a.latency();
    }

    public double errorRate(String key) {
        Averages a = byModel.get(key);
        return a == null ? 0 : a.errors();
    }

    private static final class Averages {
        private double latency = -1;
        private double errors;

        synchronized void add(long latencyMs, boolean failed) {
            if (!failed) {
                latency = latency < 0 ? latencyMs : latency + ALPHA * (latencyMs - latency);
            }
            errors += ALPHA * ((failed ? 1 : 0) - errors);
        }

        synchronized double latency() {
            return latency < 0 ? PRIOR_LATENCY_MS : latency;
        }

        synchronized double errors() {
            return errors;
        }
    }
}
