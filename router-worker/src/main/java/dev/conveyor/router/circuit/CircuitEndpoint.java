package dev.conveyor.router.circuit;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** {@code GET /actuator/circuits}: every provider/model circuit and its state. */
@Endpoint(id = "circuits")
public class CircuitEndpoint {

    private final CircuitBreakers breakers;

    public CircuitEndpoint(CircuitBreakers breakers) {
        this.breakers = breakers;
    }

    @ReadOperation
    public Map<String, CircuitState> circuits() {
        return breakers.states();
    }
}
