package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.schemas.CompletionRequest;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobMixTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theSameIndexAlwaysMakesTheSameJob() {
        assertThat(JobMix.job("run-1", 42, NOW)).isEqualTo(JobMix.job("run-1", 42, NOW));
    }

    @Test
    void everyTaskTypeAndTenantTakesItsTurn() {
        var jobs = IntStream.range(0, 80).mapToObj(i -> JobMix.job("t", i, NOW)).toList();

        assertThat(jobs).extracting(CompletionRequest::getTaskType).containsOnlyElementsOf(JobMix.TASK_TYPES);
        assertThat(jobs.stream().map(CompletionRequest::getTaskType).distinct()).hasSize(4);
        assertThat(jobs.stream().map(CompletionRequest::getTenantId).distinct()).hasSize(JobMix.TENANTS);
    }

    @Test
    void theIndexIsReadBackFromTheJobIdEvenWhenTheTagHasDashes() {
        assertThat(JobMix.index(JobMix.jobId("bench.llm-latency.product.17", 1234)))
                .isEqualTo(1234);
        assertThat(JobMix.index("no-index-")).isEqualTo(-1);
        assertThat(JobMix.index("plain")).isEqualTo(-1);
        assertThat(JobMix.index(null)).isEqualTo(-1);
    }

    @Test
    void noTwoJobsAskTheSameSoTheResponseCacheNeverAnswers() {
        var prompts = IntStream.range(0, 2_000)
                .mapToObj(i -> JobMix.job("t", i, NOW).getMessages().getFirst().getContent())
                .distinct();
        assertThat(prompts).hasSize(2_000);
    }

    @Test
    void testGenerationPromptsNameTheClassUnderTest() {
        CompletionRequest job = JobMix.job("t", 1, NOW);

        assertThat(job.getTaskType()).isEqualTo("test_generation");
        assertThat(job.getMessages().getFirst().getContent()).contains("JUnit 5 tests for class CartRepository");
    }

    @Test
    void theMeanMaxTokensPerModelFollowTheTaskTypesRoutedToIt() {
        var means = JobMix.meanMaxTokensByModel(
                java.util.Map.of(
                        "code_analysis", "mini",
                        "test_generation", "mini",
                        "documentation", "small",
                        "refactoring", "large"),
                1000);

        // code_analysis and documentation jobs have even indexes (256 tokens), the others odd ones (512)
        assertThat(means)
                .containsEntry("mini", 384.0)
                .containsEntry("small", 256.0)
                .containsEntry("large", 512.0);
    }
}
