package dev.conveyor.sim.dialect;

import dev.conveyor.sim.Protocol;
import dev.conveyor.sim.engine.Completion;
import dev.conveyor.sim.engine.CompletionCall;
import dev.conveyor.sim.engine.FinishReason;
import dev.conveyor.sim.engine.SimError;
import dev.conveyor.sim.ratelimit.RateLimitState;
import dev.conveyor.sim.server.Json;
import dev.conveyor.sim.server.SimRequest;
import dev.conveyor.sim.server.SimResponse;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Azure OpenAI's shape of Chat Completions: {@code POST /openai/deployments/{deployment}/chat/completions
 * ?api-version=…} with an {@code api-key} header (or an Entra ID bearer token). The deployment name is the model
 * name. Bodies are OpenAI's, with Azure's content-filter annotations and Azure's own auth and routing errors.
 */
public final class AzureOpenAiDialect implements Dialect {

    static final String PATH_PREFIX = "/openai/deployments/";
    static final String PATH_SUFFIX = "/chat/completions";

    private final OpenAiDialect openAi;

    AzureOpenAiDialect(OpenAiDialect openAi) {
        this.openAi = openAi;
    }

    @Override
    public Protocol protocol() {
        return Protocol.AZURE_OPENAI;
    }

    @Override
    public String apiKey(SimRequest request) {
        String key = request.nonBlankHeader("api-key");
        return key != null ? key : openAi.apiKey(request);
    }

    @Override
    public SimError precheck(SimRequest request) {
        String version = request.query().get("api-version");
        return version == null || version.isBlank() ? new SimError.ResourceNotFound() : null;
    }

    @Override
    public String modelHint(SimRequest request) {
        String path = request.path();
        return path.substring(PATH_PREFIX.length(), path.length() - PATH_SUFFIX.length());
    }

    @Override
    public CompletionCall parse(SimRequest request) {
        return openAi.parse(request, modelHint(request));
    }

    @Override
    public SimResponse completion(Completion completion) {
        var body = (ObjectNode) Json.tree(openAi.completion(completion).body());
        body.putArray("prompt_filter_results")
                .addObject()
                .put("prompt_index", 0)
                .set("content_filter_results", filterResults(false));
        var choice = (ObjectNode) body.get("choices").get(0);
        choice.set("content_filter_results", filterResults(completion.finishReason() == FinishReason.CONTENT_FILTER));
        return SimResponse.json(200, Json.bytes(body));
    }

    private static ObjectNode filterResults(boolean filtered) {
        var results = Json.object();
        for (String category : new String[] {"hate", "self_harm", "sexual", "violence"}) {
            results.putObject(category)
                    .put("filtered", filtered && category.equals("violence"))
                    .put("severity", filtered && category.equals("violence") ? "high" : "safe");
        }
        return results;
    }

    @Override
    public String finishReason(FinishReason reason) {
        return openAi.finishReason(reason);
    }

    @Override
    public SimResponse error(SimError error, String requestId) {
        return switch (error) {
            case SimError.Unauthorized u ->
                body(
                        401,
                        "401",
                        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a"
                                + " valid key for an active subscription and use a correct regional API endpoint for"
                                + " your resource.");
            case SimError.ModelNotFound missing ->
                body(
                        404,
                        "DeploymentNotFound",
                        "The API deployment for this resource does not exist. If you created the deployment within"
                                + " the last 5 minutes, please wait a moment and try again.");
            case SimError.ResourceNotFound r -> body(404, "404", "Resource not found");
            case SimError.RateLimited limited ->
                body(
                                429,
                                "429",
                                "Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded"
                                        + " the rate limit of your current pricing tier. Please retry after "
                                        + limited.retryAfter().toSeconds() + " seconds.")
                        .header(
                                "retry-after",
                                Long.toString(limited.retryAfter().toSeconds()))
                        .header(
                                "retry-after-ms",
                                Long.toString(limited.state().resetIn().toMillis()));
            default -> openAi.error(error, requestId);
        };
    }

    private static SimResponse body(int status, String code, String message) {
        var body = Json.object();
        body.putObject("error").put("code", code).put("message", message);
        return SimResponse.json(status, Json.bytes(body));
    }

    @Override
    public Map<String, String> rateLimitHeaders(RateLimitState state) {
        return openAi.rateLimitHeaders(state);
    }

    @Override
    public String requestIdHeader() {
        return "apim-request-id";
    }
}
