package dev.conveyor.router.provider.openai;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.BatchApi;
import dev.conveyor.router.provider.BatchHttp;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.HttpAnswer;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.ProviderHttp;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's Batch API (platform.openai.com/docs/guides/batch, API reference "Batch" and "Files"): the
 * requests as a JSONL file uploaded with purpose {@code batch} ({@code POST /v1/files}), a batch over
 * it for {@code /v1/chat/completions} with a 24-hour completion window ({@code POST /v1/batches},
 * our tag in its {@code metadata}), its status ({@code GET /v1/batches/{id}}), and its answers in its
 * output and error files ({@code GET /v1/files/{id}/content}).
 */
public final class OpenAiBatches implements BatchApi {

    /** The metadata key that tags a batch with ours, so a lost submission is found again. */
    static final String TAG = "conveyor_batch";

    private static final String ENDPOINT = "/v1/chat/completions";
    private static final Set<String> ENDED = Set.of("completed", "failed", "expired", "cancelled");
    /** How many pages of the newest batches are searched for a lost submission. */
    private static final int SEARCH_PAGES = 10;

    private final String name;
    private final OpenAiCompatibleClient client;
    private final String base;
    private final Map<String, String> auth = new LinkedHashMap<>();
    private final BatchHttp http;
    private final JsonMapper json;

    public OpenAiBatches(
            String name, RouterSettings.Provider provider, OpenAiCompatibleClient client, JsonMapper json) {
        this.name = name;
        this.client = client;
        this.base = ProviderHttp.stripSlash(provider.baseUrl());
        if (provider.apiKey() != null) {
            auth.put(provider.authHeader(), provider.authPrefix() + provider.apiKey());
        }
        this.http = new BatchHttp(name);
        this.json = json;
    }

    @Override
    public String provider() {
        return name;
    }

    @Override
    public int maxRequests() {
        return 50_000;
    }

    @Override
    public long maxBytes() {
        return 200L * 1024 * 1024;
    }

    @Override
    public byte[] line(String customId, ProviderCall call) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", ENDPOINT);
        line.put("body", client.body(call));
        return json.writeValueAsBytes(line);
    }

    @Override
    public String submit(String tag, List<byte[]> lines) throws ProviderException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            file.writeBytes(line);
            file.write('\n');
        }
        JsonNode uploaded = ok(http.postFile(
                URI.create(base + "/v1/files"),
                auth,
                Map.of("purpose", "batch"),
                "file",
                tag + ".jsonl",
                file.toByteArray()));
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("input_file_id", uploaded.path("id").asString());
        batch.put("endpoint", ENDPOINT);
        batch.put("completion_window", "24h");
        batch.put("metadata", Map.of(TAG, tag));
        return ok(http.postJson(URI.create(base + "/v1/batches"), auth, json.writeValueAsBytes(batch)))
                .path("id")
                .asString();
    }

    @Override
    public Optional<String> findSubmitted(String tag, Instant since, int requests) throws ProviderException {
        String after = null;
        for (int page = 0; page < SEARCH_PAGES; page++) {
            String query = "/v1/batches?limit=100"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            JsonNode list = ok(http.get(URI.create(base + query), auth));
            for (JsonNode batch : list.path("data")) {
                if (tag.equals(batch.path("metadata").path(TAG).asString(null))) {
                    return Optional.of(batch.path("id").asString());
                }
                if (batch.path("created_at").asLong(Long.MAX_VALUE) < since.getEpochSecond() - 60) {
                    return Optional.empty(); // newest first: older than the submission
                }
            }
            if (!list.path("has_more").asBoolean(false)) {
                return Optional.empty();
            }
            after = list.path("last_id").asString();
        }
        return Optional.empty();
    }

    @Override
    public Status status(String batchId) throws ProviderException {
        JsonNode batch = ok(http.get(URI.create(base + "/v1/batches/" + batchId), auth));
        String state = batch.path("status").asString("");
        List<String> files = new ArrayList<>();
        for (String field : List.of("output_file_id", "error_file_id")) {
            String id = batch.path(field).asString(null);
            if (id != null && !id.isBlank()) {
                files.add(id);
            }
        }
        return new Status(batchId, state, ENDED.contains(state), files);
    }

    /**
     * Reads the output and error files: a line answered 200 is a completion, any other an error; a
     * request the batch expired or was cancelled before running ({@code batch_expired}, {@code
     * batch_cancelled}) is not answered.
     */
    @Override
    public Map<String, Answer> results(Status ended) throws ProviderException {
        Map<String, Answer> answers = new HashMap<>();
        for (String file : ended.resultRefs()) {
            HttpAnswer content = http.get(URI.create(base + "/v1/files/" + file + "/content"), auth);
            if (!content.successful()) {
                throw OpenAiErrors.toException(content, json);
            }
            for (String line : content.body().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = json.readTree(line);
                String code = row.path("error").path("code").asString("");
                if (code.equals("batch_expired") || code.equals("batch_cancelled")) {
                    continue; // not answered: the request was never run
                }
                answers.put(row.path("custom_id").asString(), answer(row));
            }
        }
        return answers;
    }

    private Answer answer(JsonNode row) {
        JsonNode response = row.path("response");
        int status = response.path("status_code").asInt(0);
        if (status == 200) {
            return new Answer.Answered(OpenAiCompatibleClient.parse(response.path("body"), empty(200, "")));
        }
        if (status != 0) {
            return new Answer.Failed(
                    OpenAiErrors.toException(empty(status, response.path("body").toString()), json));
        }
        JsonNode error = row.path("error");
        return new Answer.Failed(new ProviderException(
                ErrorType.SERVER_ERROR,
                0,
                name + " batch request failed: " + error.path("code").asString("") + " "
                        + error.path("message").asString(error.toString()),
                null));
    }

    private static HttpAnswer empty(int status, String body) {
        return new HttpAnswer(status, Map.of(), body);
    }

    private JsonNode ok(HttpAnswer answer) throws ProviderException {
        if (!answer.successful()) {
            throw OpenAiErrors.toException(answer, json);
        }
        return json.readTree(answer.body());
    }
}
