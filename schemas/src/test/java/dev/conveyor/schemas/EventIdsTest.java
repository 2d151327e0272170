package dev.conveyor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void eventIdsAreTheSameForTheSameCallAndDifferForAnother() {
        assertThat(EventIds.forCall("acme", "job", 0, "openai", "gpt-4.1"))
                .isEqualTo(EventIds.forCall("acme", "job", 0, "openai", "gpt-4.1"));
        assertThat(EventIds.forCall("acme", "job", 0, "openai", "gpt-4.1"))
                .isNotEqualTo(EventIds.forCall("acme", "job", 1, "openai", "gpt-4.1"));
    }

    @Test
    void twoTenantsJobsUnderTheSameIdAreBilledApart() {
        assertThat(EventIds.forCall("acme", "job", 0, "openai", "gpt-4.1"))
                .isNotEqualTo(EventIds.forCall("initech", "job", 0, "openai", "gpt-4.1"));
    }

    @Test
    void eventIdsAreNameBasedUuidsOfTenantJobAttemptProviderAndModel() {
        for (String jobId : new String[] {"job", "tenant-7/job-42", "jöb-ünïcode", ""}) {
            String name = "conveyor-usage\u0000acme\u0000" + jobId + "\u00003\u0000anthropic\u0000claude-haiku-4.5";
            assertThat(EventIds.forCall("acme", jobId, 3, "anthropic", "claude-haiku-4.5"))
                    .isEqualTo(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
                            .toString());
        }
    }
}
