package dev.conveyor.router.telemetry;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;

/**
 * OpenTelemetry's GenAI client metrics (semantic conventions, "gen_ai" metrics), beside the
 * product's own {@code conveyor.*} meters, so dashboards built for any GenAI client read Conveyor
 * too: {@code gen_ai.client.operation.duration} (seconds, one per provider call, with
 * {@code error.type} on a failed one, empty on a successful one) and {@code gen_ai.client.token.usage} (tokens per call, by
 * {@code gen_ai.token.type} input or output). Both carry {@code gen_ai.operation.name} (chat),
 * {@code gen_ai.system}, {@code gen_ai.request.model} and {@code gen_ai.response.model}.
 */
public final class GenAiMetrics {

    static final String DURATION = "gen_ai.client.operation.duration";
    static final String TOKENS = "gen_ai.client.token.usage";

    /** The convention's well-known {@code gen_ai.system} values for the providers named so by default. */
    private static final Map<String, String> SYSTEMS = Map.of(
            "openai", "openai",
            "azure", "az.ai.openai",
            "anthropic", "anthropic",
            "google", "gcp.gemini",
            "gemini", "gcp.gemini",
            "mistral", "mistral_ai");

    private final MeterRegistry meters;

    public GenAiMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * One provider call.
     *
     * @param errorType the error's type, or null for a successful call
     */
    public void operation(String provider, String requestModel, String responseModel, Duration took, String errorType) {
        // Prometheus wants one set of tag keys per name: an empty error.type (a successful call) is
        // the same series as none at all.
        Tags tags = tags(provider, requestModel, responseModel).and("error.type", errorType == null ? "" : errorType);
        Timer.builder(DURATION)
                .description("GenAI operation duration")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofSeconds(120))
                .register(meters)
                .record(took);
    }

    /** The tokens a successful call used, as the provider reported them. */
    public void tokens(String provider, String requestModel, String responseModel, long input, long output) {
        Tags tags = tags(provider, requestModel, responseModel);
        summary(tags.and("gen_ai.token.type", "input")).record(input);
        summary(tags.and("gen_ai.token.type", "output")).record(output);
    }

    private DistributionSummary summary(Tags tags) {
        return DistributionSummary.builder(TOKENS)
                .description("Measures number of input and output tokens used")
                .tags(tags)
                .register(meters);
    }

    static String system(String provider) {
        return SYSTEMS.getOrDefault(provider, provider);
    }

    private static Tags tags(String provider, String requestModel, String responseModel) {
        return Tags.of(
                "gen_ai.operation.name",
                "chat",
                "gen_ai.system",
                system(provider),
                "gen_ai.request.model",
                requestModel,
                "gen_ai.response.model",
                responseModel == null ? requestModel : responseModel);
    }
}
