package dev.conveyor.bench.baseline;

import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the baselines know of models, and the results they publish: the same CompletionResult the
 * product publishes (content, usage, exact cost, latency), so the driver reads every worker alike.
 */
public final class BaselineResults {

    /**
     * The chain the product's default routes plan for each task type when only OpenAI is enabled
     * (router-worker.yml): the first model, then its fallback.
     */
    private static final Map<String, List<String>> CHAINS = Map.of(
            "code_analysis", List.of("gpt-4.1-mini", "gpt-4.1"),
            "test_generation", List.of("gpt-4.1-mini", "gpt-4.1"),
            "documentation", List.of("gpt-4o-mini"),
            "refactoring", List.of("gpt-4.1", "gpt-4.1-mini"));

    /** List prices per 1M tokens: input, output, cached input (as in router-worker.yml). */
    private static final Map<String, List<BigDecimal>> PRICES = Map.of(
            "gpt-4.1", prices("2.00", "8.00", "0.50"),
            "gpt-4.1-mini", prices("0.40", "1.60", "0.10"),
            "gpt-4o-mini", prices("0.15", "0.60", "0.075"));

    private BaselineResults() {}

    public static List<String> chain(String taskType) {
        return CHAINS.getOrDefault(taskType, List.of("gpt-4.1-mini"));
    }

    public static CompletionResult succeeded(
            CompletionRequest job, String model, OpenAiCall.Answer answer, Instant started) {
        List<BigDecimal> price = PRICES.get(model);
        long uncached = answer.inputTokens() - answer.cachedInputTokens();
        BigDecimal cost = Money.forTokens(uncached, price.get(0))
                .add(Money.forTokens(answer.outputTokens(), price.get(1)))
                .add(Money.forTokens(answer.cachedInputTokens(), price.get(2)));
        return base(job, started)
                .setStatus(JobStatus.SUCCEEDED)
                .setContent(answer.content())
                .setFinishReason(answer.finishReason())
                .setProvider("openai")
                .setModel(model)
                .setUsage(new TokenUsage(answer.inputTokens(), answer.outputTokens(), answer.cachedInputTokens()))
                .setCostUsd(cost)
                .build();
    }

    public static CompletionResult failed(CompletionRequest job, String error, Instant started) {
        return base(job, started)
                .setStatus(JobStatus.FAILED)
                .setUsage(new TokenUsage(0L, 0L, 0L))
                .setCostUsd(Money.ZERO)
                .setErrorType("SERVER_ERROR")
                .setErrorMessage(error)
                .build();
    }

    private static CompletionResult.Builder base(CompletionRequest job, Instant started) {
        Instant now = Instant.now();
        Instant firstSeen = job.getSubmittedAt() != null ? job.getSubmittedAt() : started;
        return CompletionResult.newBuilder()
                .setJobId(job.getJobId())
                .setTenantId(job.getTenantId())
                .setBatchId(job.getBatchId())
                .setLatencyMs(Math.max(0, Duration.between(firstSeen, now).toMillis()))
                .setCompletedAt(now)
                .setMetadata(job.getMetadata());
    }

    private static List<BigDecimal> prices(String input, String output, String cached) {
        return List.of(new BigDecimal(input), new BigDecimal(output), new BigDecimal(cached));
    }
}
