package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.conveyor.schemas.CompletionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CostWorkloadTest {

    private static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");
    private static final CostWorkload WORKLOAD = new CostWorkload(CostWorkload.Shape.reference(10_000, 19));

    @Test
    void theSameSeedPlansTheSameJobs() {
        CostWorkload again = new CostWorkload(CostWorkload.Shape.reference(10_000, 19));

        assertThat(again.plan()).isEqualTo(WORKLOAD.plan());
        assertThat(again.request("t", 77, NOW)).isEqualTo(WORKLOAD.request("t", 77, NOW));
    }

    @Test
    void theMixIsTheReferenceWorkloads() {
        Map<String, Integer> byTask = new TreeMap<>();
        int repeats = 0;
        int deferrable = 0;
        int withSystemPrompt = 0;
        for (CostWorkload.Planned job : WORKLOAD.plan()) {
            byTask.merge(job.taskType(), 1, Integer::sum);
            repeats += job.repeat() ? 1 : 0;
            deferrable += job.deferrable() ? 1 : 0;
            withSystemPrompt += job.systemPrompt() >= 0 ? 1 : 0;
            assertThat(job.promptTokens()).isBetween(500, 20_000);
        }
        assertThat(byTask.get("code_analysis") / 10_000.0).isCloseTo(0.4, within(0.02));
        assertThat(byTask.get("test_generation") / 10_000.0).isCloseTo(0.3, within(0.02));
        assertThat(byTask.get("documentation") / 10_000.0).isCloseTo(0.2, within(0.02));
        assertThat(byTask.get("refactoring") / 10_000.0).isCloseTo(0.1, within(0.02));
        assertThat(repeats / 10_000.0).isCloseTo(0.2, within(0.02));
        assertThat(deferrable / 10_000.0).isCloseTo(0.4, within(0.02));
        assertThat(withSystemPrompt / 10_000.0).isCloseTo(0.3, within(0.02));
        assertThat(WORKLOAD.plan().stream().map(CostWorkload.Planned::tenant).distinct())
                .hasSize(20);
    }

    @Test
    void aRepeatAsksExactlyWhatAnEarlierJobOfItsTenantAsked() {
        CostWorkload.Planned repeat = WORKLOAD.plan().stream()
                .filter(j -> j.repeat() && j.systemPrompt() >= 0)
                .findFirst()
                .orElseThrow();
        CompletionRequest copy = WORKLOAD.request("t", repeat.index(), NOW.plusSeconds(60));
        CompletionRequest original = WORKLOAD.request("t", repeat.repeatOf(), NOW);

        assertThat(repeat.repeatOf()).isLessThan(repeat.index());
        assertThat(copy.getTenantId()).isEqualTo(original.getTenantId());
        assertThat(copy.getTaskType()).isEqualTo(original.getTaskType());
        assertThat(copy.getMessages()).isEqualTo(original.getMessages());
        assertThat(copy.getSystemPrompt()).isEqualTo(original.getSystemPrompt());
        assertThat(copy.getMaxTokens()).isEqualTo(original.getMaxTokens());
        assertThat(copy.getJobId()).isNotEqualTo(original.getJobId());
    }

    @Test
    void originalsNeverAskTheSame() {
        assertThat(WORKLOAD.plan().stream()
                        .filter(j -> !j.repeat())
                        .limit(2_000)
                        .map(j -> WORKLOAD.request("t", j.index(), NOW)
                                .getMessages()
                                .getFirst()
                                .getContent())
                        .distinct())
                .hasSize(2_000);
    }

    @Test
    void promptsCountTheirPlannedTokensAndSystemPromptsFourThousand() {
        CostWorkload.Planned job = WORKLOAD.plan().stream()
                .filter(j -> !j.repeat() && j.systemPrompt() >= 0)
                .findFirst()
                .orElseThrow();
        CompletionRequest request = WORKLOAD.request("t", job.index(), NOW);

        int chars = request.getMessages().getFirst().getContent().length();
        assertThat((chars + 3) / 4).isCloseTo(job.promptTokens(), within(2));
        assertThat(request.getSystemPrompt()).hasSize(4_000 * 4);
    }

    @Test
    void deferrableJobsHaveADeadline36HoursAfterSubmissionOthersNone() {
        for (CostWorkload.Planned job : WORKLOAD.plan().subList(0, 200)) {
            CompletionRequest request = WORKLOAD.request("t", job.index(), NOW);
            if (job.deferrable()) {
                assertThat(request.getDeadline()).isEqualTo(NOW.plus(Duration.ofHours(36)));
            } else {
                assertThat(request.getDeadline()).isNull();
            }
        }
    }
}
