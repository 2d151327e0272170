package dev.conveyor.api;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything under {@code conveyor.api}. */
@ConfigurationProperties("conveyor.api")
public record ApiSettings(
        @DefaultValue("llm.requests") String requestsTopic,
        @DefaultValue("llm.results") String resultsTopic,

        @DefaultValue({"code_analysis", "refactoring", "documentation", "test_generation"})
        Set<String> taskTypes,

        @DefaultValue("200000") int maxPromptChars,
        @DefaultValue("1024") int defaultMaxTokens,
        @DefaultValue("PT10S") Duration kafkaAckTimeout,
        @DefaultValue("http://localhost:8082") String billingUrl) {}
