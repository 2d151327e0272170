package dev.conveyor.router.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.conveyor.embedded.MutableClock;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.ErrorType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CircuitEndpointTest {

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-24T10:00:00Z"));
    private final CircuitBreakers breakers =
            new CircuitBreakers(new RouterSettings.Circuit(3, Duration.ofMinutes(5)), clock, new SimpleMeterRegistry());
    private final CircuitEndpoint endpoint = new CircuitEndpoint(breakers);
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void showsEachCircuitsStateFailureRateAndLastProbe() {
        breakers.onSuccess("p", "healthy");
        for (int i = 0; i < 3; i++) {
            breakers.onFailure("p", "down", ErrorType.TIMEOUT);
        }
        breakers.onSuccess("p", "healthy");
        breakers.onFailure("p", "healthy", ErrorType.SERVER_ERROR);
        clock.advance(Duration.ofMinutes(5));
        assertThat(breakers.circuits().stream()
                        .filter(c -> c.model().equals("down"))
                        .findFirst()
                        .orElseThrow()
                        .tryClaimProbe())
                .isTrue();

        JsonNode shown = json.valueToTree(endpoint.circuits());

        JsonNode healthy = shown.path("p/healthy");
        assertThat(healthy.path("state").asString()).isEqualTo("CLOSED");
        assertThat(healthy.path("failureRate").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(healthy.path("callsInWindow").asInt()).isEqualTo(3);
        assertThat(healthy.path("failuresInWindow").asInt()).isEqualTo(1);
        assertThat(healthy.path("lastProbe").isNull()).isTrue();

        JsonNode down = shown.path("p/down");
        assertThat(down.path("state").asString()).isEqualTo("HALF_OPEN");
        assertThat(down.path("consecutiveFailures").asInt()).isEqualTo(3);
        assertThat(down.path("lastProbe").path("startedAt").asString())
                .isEqualTo(clock.instant().toString());
        assertThat(down.path("lastProbe").path("source").asString()).isEqualTo("BACKGROUND");
        assertThat(down.path("lastProbe").path("outcome").asString()).isEqualTo("IN_FLIGHT");
    }
}
