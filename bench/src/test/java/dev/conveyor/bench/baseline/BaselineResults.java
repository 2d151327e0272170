package dev.conveyor.bench.baseline;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * What the baselines know of models, and the results they publish: the same CompletionResult the
 * product publishes (content, usage, exact cost, latency), so the driver reads every worker alike.
 */
public final class BaselineResults {

    /**
     * The chain each baseline walks per task type: OpenAI models of the catalog the simulator serves,
     * the first model, then its fallback.
     */
    private static final Map<String, List<String>> CHAINS = Map.of(
            "code_analysis", List.of("gpt-4.1-mini", "gpt-4.1"),
            "test_generation", List.of("gpt-4.1-mini", "gpt-4.1"),
            "documentation", List.of("gpt-4o-mini"),
            "refactoring", List.of("gpt-4.1", "gpt-4.1-mini"));

    /** Prices and ids come from the one catalog; the baselines call OpenAI's models only. */
    private static final Catalog CATALOG = Catalog.load();

    private BaselineResults() {}

    public static List<String> chain(String taskType) {
        return CHAINS.getOrDefault(taskType, List.of("gpt-4.1-mini"));
    }

    public static CompletionResult succeeded(
            CompletionRequest job, String model, OpenAiCall.Answer answer, Instant started) {
        BigDecimal cost = CATALOG.find("openai", model)
                .orElseThrow(() -> new IllegalStateException("openai/" + model + " is not in the catalog"))
                .cost(
                        Tokens.of(answer.inputTokens(), answer.cachedInputTokens(), answer.outputTokens()),
                        LocalDate.ofInstant(started, ZoneOffset.UTC));
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
}
