package dev.conveyor.api.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.errors.BillingUnavailable;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.errors.NotFound;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** How billing's answers become this API's own: refusals as problems naming a JSON pointer, an outage as 503. */
class BillingClientRelayTest {

    private final BillingClient billing = new BillingClient(
            new ApiSettings(
                    "r",
                    "s",
                    Set.of("code_analysis"),
                    "code_analysis",
                    1000,
                    100,
                    Duration.ofSeconds(1),
                    "http://billing",
                    null,
                    10,
                    DataSize.ofMegabytes(1),
                    10,
                    new ApiSettings.Quota(Duration.ofSeconds(1), true),
                    new ApiSettings.RateLimit(0)),
            JsonMapper.builder().build());

    @Test
    void aRefusalIsAProblemNamingTheFieldAsBillingDidAQueryParameterByNameABodysByPointer() {
        for (int status : new int[] {400, 422}) {
            assertThatThrownBy(() -> billing.relay(
                            ResponseEntity.status(status)
                                    .body(
                                            "{\"type\":\"about:blank\",\"field\":\"from\",\"detail\":\"from should be a date\"}"),
                            "usage"))
                    .isInstanceOfSatisfying(InvalidRequest.class, e -> {
                        assertThat(e.field()).isEqualTo("from");
                        assertThat(e.getMessage()).isEqualTo("from should be a date");
                    });
        }
        assertThatThrownBy(() ->
                        billing.relay(ResponseEntity.badRequest().body("{\"field\":\"/thresholds/0\"}"), "budget"))
                .isInstanceOfSatisfying(InvalidRequest.class, e -> {
                    assertThat(e.field()).isEqualTo("/thresholds/0");
                    assertThat(e.getMessage()).isEqualTo("billing refused the budget");
                });
        assertThatThrownBy(() -> billing.relay(ResponseEntity.badRequest().body("not json"), "usage"))
                .isInstanceOfSatisfying(
                        InvalidRequest.class, e -> assertThat(e.field()).isEqualTo("/"));
    }

    @Test
    void notFoundStaysNotFoundAndAnythingElseIsBillingUnavailable() {
        assertThatThrownBy(() -> billing.relay(ResponseEntity.status(404).body(""), "budget"))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> billing.relay(ResponseEntity.status(503).body(""), "budget"))
                .isInstanceOf(BillingUnavailable.class);
        assertThat(billing.relay(ResponseEntity.ok("{}"), "budget").getBody()).isEqualTo("{}");
    }
}
