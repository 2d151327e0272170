package dev.conveyor.launcher;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.sim.ModelSpec;
import dev.conveyor.sim.Provider;
import dev.conveyor.sim.SimulatorConfig;

/**
 * The simulator standing in for the catalog: its default models plus every catalog model, under
 * the model's wire id and speaking its provider's protocol, so whatever the router plans the
 * simulator answers. (Moves into the simulator's own model list once it reads the catalog.)
 */
final class SimulatedCatalog {

    private SimulatedCatalog() {}

    static SimulatorConfig config(Catalog catalog) {
        SimulatorConfig config = SimulatorConfig.defaults();
        for (Model m : catalog.models()) {
            Provider protocol =
                    switch (catalog.provider(m.provider()).orElseThrow().protocol()) {
                        case OPENAI -> Provider.OPENAI;
                        case ANTHROPIC -> Provider.ANTHROPIC;
                        case GEMINI -> Provider.GEMINI;
                    };
            config = config.withModel(
                    m.wireId(), ModelSpec.of(protocol, m.contextWindow()).withMaxOutputTokens(m.maxOutputTokens()));
        }
        return config;
    }
}
