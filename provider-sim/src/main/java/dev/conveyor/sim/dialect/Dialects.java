package dev.conveyor.sim.dialect;

import dev.conveyor.sim.BatchSpec;
import dev.conveyor.sim.engine.CompletionEngine;
import dev.conveyor.sim.reports.AdminReports;
import dev.conveyor.sim.server.AdminApi;
import dev.conveyor.sim.server.Router;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Which path each protocol answers on. */
public final class Dialects {

    private Dialects() {}

    public static Router router(
            CompletionEngine engine, AdminApi admin, AdminReports reports, Supplier<BatchSpec> batchSpec, Clock clock) {
        var openAi = new OpenAiDialect(clock);
        var anthropic = new AnthropicDialect();
        var gemini = new GeminiDialect();
        return new Router(
                engine,
                admin,
                Map.of("/v1/chat/completions", openAi, "/v1/messages", anthropic),
                List.of(
                        new Router.PathDialect(
                                AzureOpenAiDialect.PATH_PREFIX,
                                AzureOpenAiDialect.PATH_SUFFIX,
                                new AzureOpenAiDialect(openAi)),
                        new Router.PathDialect(GeminiDialect.PATH_PREFIX, GeminiDialect.PATH_SUFFIX, gemini),
                        new Router.PathDialect("/v1/models/", GeminiDialect.PATH_SUFFIX, gemini)),
                reports,
                List.of(
                        new OpenAiBatches(openAi, engine, batchSpec, clock),
                        new AnthropicBatches(anthropic, engine, batchSpec, clock)));
    }
}
