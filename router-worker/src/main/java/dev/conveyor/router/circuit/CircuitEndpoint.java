package dev.conveyor.router.circuit;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code GET /actuator/circuits}: every provider/model circuit with its state, its failure rate
 * over the sliding window and its last probe (see {@link CircuitStatus}).
 * {@code GET /actuator/circuits/history}: each circuit's state changes with their times and the
 * calls it let through (see {@link CircuitHistory}).
 */
@Endpoint(id = "circuits")
public class CircuitEndpoint {

    private final CircuitBreakers breakers;

    public CircuitEndpoint(CircuitBreakers breakers) {
        this.breakers = breakers;
    }

    @ReadOperation
    public Map<String, CircuitStatus> circuits() {
        return breakers.statuses();
    }

    /** Only {@code history} is known; any other name is answered with null (404). */
    @ReadOperation
    public Map<String, CircuitHistory> detail(@Selector String name) {
        return "history".equals(name) ? breakers.histories() : null;
    }
}
