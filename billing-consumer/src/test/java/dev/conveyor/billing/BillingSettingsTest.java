package dev.conveyor.billing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingSettingsTest {

    @Test
    void badSettingsFailFastNamingTheKey() {
        assertThatThrownBy(() -> new BillingSettings.Consumer("g", 0, 1, true, Duration.ofSeconds(1)))
                .hasMessageContaining("conveyor.billing.consumer.max-poll-records");
        assertThatThrownBy(() -> new BillingSettings.Topics("llm.usage", "llm.usage", "llm.alerts"))
                .hasMessageContaining("conveyor.billing.topics.usage-dead-letter");
        assertThatThrownBy(() -> new BillingSettings.Budget(List.of(50, 0), java.time.Duration.ofDays(1)))
                .hasMessageContaining("conveyor.billing.budget.default-thresholds");
    }
}
