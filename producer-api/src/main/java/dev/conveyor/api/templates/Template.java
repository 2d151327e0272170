package dev.conveyor.api.templates;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One version of a prompt template: chat messages (and an optional system prompt) with
 * {@code {{variables}}}, and per-model variants used when a job pins that model.
 */
record Template(
        String id,
        int version,
        String description,
        List<Turn> messages,
        String systemPrompt,
        Map<String, Variant> modelOverrides,
        Set<String> variables,
        Instant createdAt) {

    /** What a template says, whichever model it is for. */
    record Variant(List<Turn> messages, String systemPrompt) {}

    /** The stored part: everything a new version may change. */
    record Body(List<Turn> messages, String systemPrompt, Map<String, Variant> modelOverrides) {}

    Variant variantFor(String model) {
        if (model != null && modelOverrides != null && modelOverrides.containsKey(model)) {
            return modelOverrides.get(model);
        }
        return new Variant(messages, systemPrompt);
    }
}
