package dev.conveyor.router.provider.anthropic;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.BatchApi;
import dev.conveyor.router.provider.BatchHttp;
import dev.conveyor.router.provider.HttpAnswer;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.ProviderHttp;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anthropic's Message Batches (docs.anthropic.com, "Batch processing" and API reference "Message
 * Batches"): {@code POST /v1/messages/batches} with each request's {@code custom_id} and Messages
 * {@code params}, its {@code processing_status} ({@code GET /v1/messages/batches/{id}}), and once
 * {@code ended} its results as JSONL ({@code GET /v1/messages/batches/{id}/results}), each
 * {@code succeeded}, {@code errored}, {@code canceled} or {@code expired}.
 */
public final class AnthropicBatches implements BatchApi {

    private final String name;
    private final AnthropicClient client;
    private final String batches;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final BatchHttp http;
    private final JsonMapper json;

    public AnthropicBatches(String name, RouterSettings.Provider provider, AnthropicClient client, JsonMapper json) {
        this.name = name;
        this.client = client;
        this.batches = ProviderHttp.stripSlash(provider.baseUrl()) + "/v1/messages/batches";
        headers.put("x-api-key", provider.apiKey() == null ? "" : provider.apiKey());
        headers.put("anthropic-version", AnthropicClient.API_VERSION);
        this.http = new BatchHttp(name);
        this.json = json;
    }

    @Override
    public String provider() {
        return name;
    }

    @Override
    public int maxRequests() {
        return 100_000;
    }

    @Override
    public long maxBytes() {
        return 256L * 1024 * 1024;
    }

    @Override
    public byte[] line(String customId, ProviderCall call) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("custom_id", customId);
        request.put("params", client.body(call));
        return json.writeValueAsBytes(request);
    }

    @Override
    public String submit(String tag, List<byte[]> lines) throws ProviderException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"requests\":[".getBytes());
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(lines.get(i));
        }
        body.writeBytes("]}".getBytes());
        return ok(http.postJson(URI.create(batches), headers, body.toByteArray()))
                .path("id")
                .asString();
    }

    /**
     * Message Batches keep no metadata of ours, so a lost submission is recognised by when it was
     * created and how many requests it holds; its results are then matched by our {@code custom_id}s,
     * and a request of ours it does not answer goes on without it.
     */
    @Override
    public Optional<String> findSubmitted(String tag, Instant since, int requests) throws ProviderException {
        JsonNode list = ok(http.get(URI.create(batches + "?limit=100"), headers));
        for (JsonNode batch : list.path("data")) {
            Instant created = instant(batch.path("created_at").asString(""));
            JsonNode counts = batch.path("request_counts");
            long total = 0;
            for (String kind : List.of("processing", "succeeded", "errored", "canceled", "expired")) {
                total += counts.path(kind).asLong(0);
            }
            if (created != null && !created.isBefore(since.minusSeconds(60)) && total == requests) {
                return Optional.of(batch.path("id").asString());
            }
        }
        return Optional.empty();
    }

    @Override
    public Status status(String batchId) throws ProviderException {
        JsonNode batch = ok(http.get(URI.create(batches + "/" + batchId), headers));
        String state = batch.path("processing_status").asString("");
        return new Status(batchId, state, state.equals("ended"), List.of()); // results are read by the batch id
    }

    @Override
    public Map<String, Answer> results(Status ended) throws ProviderException {
        HttpAnswer content = http.get(URI.create(batches + "/" + ended.batchId() + "/results"), headers);
        if (!content.successful()) {
            throw AnthropicErrors.toException(content, json);
        }
        Map<String, Answer> answers = new HashMap<>();
        for (String line : content.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = json.readTree(line);
            JsonNode result = row.path("result");
            Answer answer = switch (result.path("type").asString("")) {
                case "succeeded" -> answered(result.path("message"));
                case "errored" -> {
                    JsonNode error = result.path("error").path("error");
                    String message =
                            error.path("message").asString(result.path("error").toString());
                    yield new Answer.Failed(new ProviderException(
                            AnthropicErrors.type(0, error.path("type").asString(""), message), 0, message, null));
                }
                default -> null; // canceled or expired: not answered
            };
            if (answer != null) {
                answers.put(row.path("custom_id").asString(), answer);
            }
        }
        return answers;
    }

    private static Answer answered(JsonNode message) {
        try {
            return new Answer.Answered(AnthropicClient.parse(message, new HttpAnswer(200, Map.of(), "")));
        } catch (ProviderException e) {
            return new Answer.Failed(e);
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private JsonNode ok(HttpAnswer answer) throws ProviderException {
        if (!answer.successful()) {
            throw AnthropicErrors.toException(answer, json);
        }
        return json.readTree(answer.body());
    }
}
