package dev.conveyor.router.catalog;

import static dev.conveyor.router.TestSettings.model;
import static dev.conveyor.router.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    @Test
    void costIsExactPerTokenKind() {
        ModelCatalog catalog = new ModelCatalog(
                settings(Map.of(), List.of(model("openai", "gpt-4.1-mini", "0.40", "1.60", 1000)), Map.of()));
        ModelSpec spec = catalog.find("openai", "gpt-4.1-mini").orElseThrow();

        assertThat(catalog.cost(spec, 1_234, 0, 567)).isEqualByComparingTo("0.0014008");
        assertThat(catalog.cost(spec, 1_234, 0, 567).scale()).isEqualTo(9);
    }

    @Test
    void cachedInputTokensArePricedAtTheCachedRate() {
        var withCache = new dev.conveyor.router.RouterSettings.Model(
                "openai",
                "m",
                new java.math.BigDecimal("2.00"),
                new java.math.BigDecimal("8.00"),
                new java.math.BigDecimal("0.50"),
                null,
                1000,
                100,
                null,
                2);
        ModelCatalog catalog = new ModelCatalog(settings(Map.of(), List.of(withCache), Map.of()));
        ModelSpec spec = catalog.find("openai", "m").orElseThrow();

        // 600 uncached at 2.00, 400 cached at 0.50, 100 out at 8.00
        assertThat(catalog.cost(spec, 1_000, 400, 100)).isEqualByComparingTo("0.0022");
    }

    @Test
    void aBadCatalogEntryFailsAtStartNamingTheKey() {
        var bad = model("openai", "m", "0.40", "1.60", 0);
        assertThatThrownBy(() -> new ModelCatalog(settings(Map.of(), List.of(bad), Map.of())))
                .hasMessage("conveyor.router.models[0].context-window must be greater than 0");
    }
}
