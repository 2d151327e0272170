package dev.conveyor.router.circuit;

import dev.conveyor.router.provider.ErrorType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A circuit breaker per provider+model. A circuit opens after {@code failureThreshold} consecutive
 * failures that say the model is unhealthy (timeouts, network and server errors, overload); after
 * the cool-down one probe call decides whether it closes again. Errors about the request itself
 * (invalid, too long, filtered) say nothing about health and are ignored.
 */
public class CircuitBreakers {

    private final int failureThreshold;
    private final Duration coolDown;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, Circuit> circuits = new ConcurrentHashMap<>();

    public CircuitBreakers(int failureThreshold, Duration coolDown, Clock clock, MeterRegistry meters) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("conveyor.router.circuit.failure-threshold should be greater than 0");
        }
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.clock = clock;
        this.meters = meters;
    }

    /** Claims permission for one call; false means skip this model without calling it. */
    public boolean tryAcquire(String provider, String model) {
        return circuit(provider, model).tryAcquire();
    }

    /** True while the circuit refuses calls; for planning, claims nothing. */
    public boolean isOpen(String provider, String model) {
        Circuit circuit = circuits.get(key(provider, model));
        return circuit != null && circuit.isOpen();
    }

    public void onSuccess(String provider, String model) {
        circuit(provider, model).onSuccess();
    }

    public void onFailure(String provider, String model, ErrorType type) {
        if (countsAgainstHealth(type)) {
            circuit(provider, model).onFailure();
        } else {
            circuit(provider, model).onSuccess();
        }
    }

    /** State of every circuit seen so far, by {@code provider/model}. */
    public Map<String, CircuitState> states() {
        Map<String, CircuitState> states = new TreeMap<>();
        circuits.forEach((key, circuit) -> states.put(key, circuit.state()));
        return states;
    }

    /** What every circuit seen so far has done (state changes with times, calls by state), by {@code provider/model}. */
    public Map<String, CircuitHistory> histories() {
        Map<String, CircuitHistory> histories = new TreeMap<>();
        circuits.forEach((key, circuit) -> histories.put(key, circuit.history()));
        return histories;
    }

    static boolean countsAgainstHealth(ErrorType type) {
        return switch (type) {
            case TIMEOUT, NETWORK, SERVER_ERROR, OVERLOADED, AUTH, MODEL_NOT_FOUND -> true;
            case RATE_LIMIT, INVALID_REQUEST, CONTEXT_LENGTH, CONTENT_FILTER -> false;
        };
    }

    private Circuit circuit(String provider, String model) {
        return circuits.computeIfAbsent(key(provider, model), key -> {
            Circuit circuit = new Circuit(failureThreshold, coolDown, clock);
            Gauge.builder("conveyor.circuit.state", circuit, c -> c.state().ordinal())
                    .description("0 closed, 1 open, 2 half-open")
                    .tag("provider", provider)
                    .tag("model", model)
                    .register(meters);
            return circuit;
        });
    }

    private static String key(String provider, String model) {
        return provider + "/" + model;
    }
}
