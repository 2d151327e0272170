package dev.conveyor.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ApiSettingsTest {

    @Test
    void aDefaultTaskTypeThatIsNotATaskTypeFailsNamingTheKey() {
        assertThatThrownBy(() -> settings("poetry", null)).hasMessageStartingWith("conveyor.api.default-task-type");
    }

    @Test
    void aShortAdminKeyFailsNamingTheKey() {
        assertThatThrownBy(() -> settings("code_analysis", "short")).hasMessageStartingWith("conveyor.api.admin-key");
    }

    private static ApiSettings settings(String defaultTaskType, String adminKey) {
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
                new ApiSettings.Quota(Duration.ofSeconds(1), true),
                new ApiSettings.RateLimit(0));
    }
}
