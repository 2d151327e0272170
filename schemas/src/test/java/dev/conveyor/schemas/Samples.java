package dev.conveyor.schemas;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

final class Samples {

    private Samples() {}

    static CompletionRequest request(String jobId) {
        return CompletionRequest.newBuilder()
                .setJobId(jobId)
                .setTenantId("acme")
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "Review class OrderService for thread safety")))
                .setMaxTokens(256)
                .setTemperature(0.2)
                .setSubmittedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setMetadata(Map.of("repo", "shop"))
                .setPlan(List.of(new ModelRef("openai", "gpt-4.1-mini")))
                .build();
    }

    static CompletionResult result(String jobId) {
        return CompletionResult.newBuilder()
                .setJobId(jobId)
                .setTenantId("acme")
                .setStatus(JobStatus.SUCCEEDED)
                .setContent("Looks thread safe.")
                .setProvider("openai")
                .setModel("gpt-4.1-mini")
                .setUsage(new TokenUsage(120L, 30L, 0L))
                .setCostUsd(Money.usd("0.000096000"))
                .setLatencyMs(812L)
                .setCompletedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }
}
