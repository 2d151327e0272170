package dev.conveyor.sim;

import dev.conveyor.catalog.Catalog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every model of the one catalog ({@code catalog.yml}), under its wire id and speaking its
 * provider's protocol, with its context window and output limit; and a few older public names
 * (some retired by their providers) that tests and clients may still call. Callers need no setup.
 */
final class DefaultModels {

    private DefaultModels() {}

    static Map<String, ModelSpec> catalog() {
        var models = new LinkedHashMap<String, ModelSpec>();
        older(models);
        Catalog catalog = Catalog.load();
        catalog.models()
                .forEach(m -> models.put(
                        m.wireId(),
                        ModelSpec.of(protocol(catalog, m.provider()), m.contextWindow())
                                .withMaxOutputTokens(m.maxOutputTokens())));
        return models;
    }

    private static Provider protocol(Catalog catalog, String provider) {
        return switch (catalog.provider(provider).orElseThrow().protocol()) {
            case OPENAI -> Provider.OPENAI;
            case ANTHROPIC -> Provider.ANTHROPIC;
            case GEMINI -> Provider.GEMINI;
        };
    }

    private static void older(Map<String, ModelSpec> models) {
        openAi(models, "gpt-4o", 128_000, 16_384);
        openAi(models, "gpt-4o-mini", 128_000, 16_384);
        openAi(models, "gpt-4.1", 1_047_576, 32_768);
        openAi(models, "gpt-4.1-mini", 1_047_576, 32_768);
        openAi(models, "gpt-4.1-nano", 1_047_576, 32_768);
        openAi(models, "gpt-5", 400_000, 128_000);
        openAi(models, "gpt-5-mini", 400_000, 128_000);
        openAi(models, "o4-mini", 200_000, 100_000);
        openAi(models, "gpt-3.5-turbo", 16_385, 4_096);
        anthropic(models, "claude-opus-4-1", 200_000, 32_000);
        anthropic(models, "claude-sonnet-4-5", 200_000, 64_000);
        anthropic(models, "claude-haiku-4-5", 200_000, 64_000);
        anthropic(models, "claude-3-5-haiku-latest", 200_000, 8_192);
        gemini(models, "gemini-2.5-pro", 1_048_576, 65_536);
        gemini(models, "gemini-2.5-flash", 1_048_576, 65_536);
        gemini(models, "gemini-2.5-flash-lite", 1_048_576, 65_536);
    }

    private static void openAi(Map<String, ModelSpec> models, String name, int context, int output) {
        models.put(name, ModelSpec.of(Provider.OPENAI, context).withMaxOutputTokens(output));
    }

    private static void anthropic(Map<String, ModelSpec> models, String name, int context, int output) {
        models.put(name, ModelSpec.of(Provider.ANTHROPIC, context).withMaxOutputTokens(output));
    }

    private static void gemini(Map<String, ModelSpec> models, String name, int context, int output) {
        models.put(name, ModelSpec.of(Provider.GEMINI, context).withMaxOutputTokens(output));
    }
}
