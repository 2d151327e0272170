package dev.conveyor.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ApiSettingsTest {

    private static final List<ApiSettings.Model> MODELS = List.of(new ApiSettings.Model("m", "p", 100));

    @Test
    void aDefaultTaskTypeThatIsNotATaskTypeFailsNamingTheKey() {
        assertThatThrownBy(() -> settings("poetry", MODELS, null))
                .hasMessageStartingWith("conveyor.api.default-task-type");
    }

    @Test
    void noModelsFailsNamingTheKey() {
        assertThatThrownBy(() -> settings("code_analysis", List.of(), null))
                .hasMessageStartingWith("conveyor.api.models");
        assertThatThrownBy(() -> settings("code_analysis", List.of(new ApiSettings.Model("m", "p", 0)), null))
                .hasMessageStartingWith("conveyor.api.models[0].max-output-tokens");
    }

    @Test
    void aShortAdminKeyFailsNamingTheKey() {
        assertThatThrownBy(() -> settings("code_analysis", MODELS, "short"))
                .hasMessageStartingWith("conveyor.api.admin-key");
    }

    private static ApiSettings settings(String defaultTaskType, List<ApiSettings.Model> models, String adminKey) {
        return new ApiSettings(
                "r",
                "s",
                Set.of("code_analysis"),
                defaultTaskType,
                1000,
                100,
                Duration.ofSeconds(1),
                "http://billing",
                adminKey,
                10,
                DataSize.ofMegabytes(1),
                10,
                models,
                new ApiSettings.Quota(Duration.ofSeconds(1), true),
                new ApiSettings.RateLimit(0));
    }
}
