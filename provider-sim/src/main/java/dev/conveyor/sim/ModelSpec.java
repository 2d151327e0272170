package dev.conveyor.sim;

/**
 * One model the simulator serves.
 *
 * @param provider whose protocol serves the model; calls for it through another provider's endpoint answer "model not
 *     found"
 * @param contextWindow prompt tokens plus requested output tokens must fit, else a context-length error
 * @param maxOutputTokens the longest completion the model writes when the call sets no limit
 */
public record ModelSpec(
        Provider provider,
        int contextWindow,
        int maxOutputTokens,
        LatencySpec latency,
        FaultSpec faults,
        RateLimitSpec rateLimit) {

    public ModelSpec {
        if (provider == null) {
            throw new IllegalArgumentException("model.provider is required (OPENAI, ANTHROPIC or GEMINI)");
        }
        if (contextWindow < 1) {
            throw new IllegalArgumentException("model.contextWindow must be 1 or more, was " + contextWindow);
        }
        maxOutputTokens = maxOutputTokens == 0 ? 4096 : maxOutputTokens;
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("model.maxOutputTokens must be 1 or more, was " + maxOutputTokens);
        }
        latency = latency == null ? LatencySpec.none() : latency;
        faults = faults == null ? FaultSpec.none() : faults;
        rateLimit = rateLimit == null ? RateLimitSpec.unlimited() : rateLimit;
    }

    public static ModelSpec of(Provider provider, int contextWindow) {
        return new ModelSpec(provider, contextWindow, 0, null, null, null);
    }

    public ModelSpec withContextWindow(int tokens) {
        return new ModelSpec(provider, tokens, maxOutputTokens, latency, faults, rateLimit);
    }

    public ModelSpec withMaxOutputTokens(int tokens) {
        return new ModelSpec(provider, contextWindow, tokens, latency, faults, rateLimit);
    }

    public ModelSpec withLatency(LatencySpec spec) {
        return new ModelSpec(provider, contextWindow, maxOutputTokens, spec, faults, rateLimit);
    }

    public ModelSpec withFaults(FaultSpec spec) {
        return new ModelSpec(provider, contextWindow, maxOutputTokens, latency, spec, rateLimit);
    }

    public ModelSpec withRateLimit(RateLimitSpec spec) {
        return new ModelSpec(provider, contextWindow, maxOutputTokens, latency, faults, spec);
    }
}
