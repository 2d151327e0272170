package dev.conveyor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.catalog.Catalog;
import org.junit.jupiter.api.Test;

class DefaultModelsTest {

    @Test
    void theSimulatorServesEveryCatalogModelUnderItsWireIdInItsProvidersProtocol() {
        Catalog catalog = Catalog.load();
        SimulatorConfig config = SimulatorConfig.defaults();
        catalog.models().forEach(m -> {
            ModelSpec spec = config.model(m.wireId()).orElse(null);
            assertThat(spec)
                    .as("the simulator should know %s (wire id %s)", m.key(), m.wireId())
                    .isNotNull();
            assertThat(spec.provider().name())
                    .as(m.key())
                    .isEqualTo(catalog.provider(m.provider())
                            .orElseThrow()
                            .protocol()
                            .name());
            assertThat(spec.contextWindow()).as(m.key()).isEqualTo(m.contextWindow());
            assertThat(spec.maxOutputTokens()).as(m.key()).isEqualTo(m.maxOutputTokens());
        });
    }
}
