package dev.conveyor.router.circuit;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.ErrorType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A circuit breaker per provider+model. A circuit opens after {@code failureThreshold} consecutive
 * failures that say the model is unhealthy (timeouts, network and server errors, overload), or when
 * such failures reach {@code failureRateThreshold} of its last calls; after the cool-down one
 * probe call decides whether it closes again. Errors about the request itself (invalid, too long,
 * filtered, rate-limited) say nothing about health and count as healthy outcomes.
 */
public class CircuitBreakers {

    private final RouterSettings.Circuit settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, Circuit> circuits = new ConcurrentHashMap<>();

    /** Breakers as {@code settings} (checked where they are bound) say. */
    public CircuitBreakers(RouterSettings.Circuit settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    /** Claims permission for one call; false means skip this model without calling it. */
    public boolean tryAcquire(String provider, String model) {
        return circuit(provider, model).tryAcquire();
    }

    /**
     * Completes when the model's circuit next opens: a job pausing before a retry of that model
     * stops pausing then, since the retry would only be skipped.
     */
    public CompletableFuture<Void> nextOpening(String provider, String model) {
        return circuit(provider, model).nextOpening();
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

    /** Every circuit seen so far with its failure rate and last probe, by {@code provider/model}. */
    public Map<String, CircuitStatus> statuses() {
        Map<String, CircuitStatus> statuses = new TreeMap<>();
        circuits.forEach((key, circuit) -> statuses.put(key, circuit.status()));
        return statuses;
    }

    /** What every circuit seen so far has done (state changes with times, calls by state), by {@code provider/model}. */
    public Map<String, CircuitHistory> histories() {
        Map<String, CircuitHistory> histories = new TreeMap<>();
        circuits.forEach((key, circuit) -> histories.put(key, circuit.history()));
        return histories;
    }

    /** The circuits seen so far, for {@link CircuitProber}. */
    List<Circuit> circuits() {
        return List.copyOf(circuits.values());
    }

    static boolean countsAgainstHealth(ErrorType type) {
        return switch (type) {
            case TIMEOUT, NETWORK, SERVER_ERROR, OVERLOADED, AUTH, MODEL_NOT_FOUND -> true;
            case RATE_LIMIT,
                    INVALID_REQUEST,
                    CONTEXT_LENGTH,
                    CONTENT_FILTER,
                    DEADLINE_EXCEEDED,
                    QUOTA_EXCEEDED,
                    INCOMPLETE,
                    CIRCUIT_OPEN,
                    BUDGET_EXCEEDED,
                    BUDGET_UNAVAILABLE -> false;
        };
    }

    private Circuit circuit(String provider, String model) {
        return circuits.computeIfAbsent(key(provider, model), key -> {
            Counter probeSucceeded = probes(provider, model, "success");
            Counter probeFailed = probes(provider, model, "failure");
            Circuit circuit = new Circuit(
                    provider,
                    model,
                    settings,
                    clock,
                    outcome -> (outcome == CircuitStatus.Outcome.SUCCESS ? probeSucceeded : probeFailed).increment());
            Gauge.builder("conveyor.circuit.state", circuit, c -> c.state().ordinal())
                    .description("0 closed, 1 open, 2 half-open")
                    .tag("provider", provider)
                    .tag("model", model)
                    .register(meters);
            return circuit;
        });
    }

    private Counter probes(String provider, String model, String outcome) {
        return Counter.builder("conveyor.circuit.probes")
                .description("Probes after a cool-down, by job or in the background: success closes, failure re-opens")
                .tag("provider", provider)
                .tag("model", model)
                .tag("outcome", outcome)
                .register(meters);
    }

    private static String key(String provider, String model) {
        return provider + "/" + model;
    }
}
