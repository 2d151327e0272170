package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.TokenKind;
import dev.conveyor.embedded.MutableClock;
import dev.conveyor.sim.server.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class OpenAiBatchTest {

    private static final String MODEL = "gpt-6-luna";
    private static final String[] KEY = {"authorization", "Bearer k"};
    private static final Instant START = Instant.parse("2026-12-04T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);

    @RegisterExtension
    final RunningSimulator sim = new RunningSimulator(
            SimulatorConfig.defaults().withBatch(BatchSpec.defaults().withDelay(Duration.ofMinutes(10))), clock);

    private static String line(String customId, String prompt) {
        return Json.MAPPER.writeValueAsString(Map.of(
                "custom_id",
                customId,
                "method",
                "POST",
                "url",
                "/v1/chat/completions",
                "body",
                Json.MAPPER.readTree(SimClient.chat(MODEL, prompt, 200))));
    }

    private static String lines(String... ids) {
        var all = new ArrayList<String>();
        for (String id : ids) {
            all.add(line(id, "Review class " + id.replace("-", "") + " for thread safety"));
        }
        return String.join("\n", all) + "\n";
    }

    private HttpResponse<String> upload(String jsonl, String purpose) {
        String boundary = "----sim" + System.nanoTime();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n"
                + "--" + boundary + "--\r\n";
        return sim.client()
                .send(HttpRequest.newBuilder(URI.create(sim.simulator().baseUrl() + "/v1/files"))
                        .header("authorization", "Bearer k")
                        .header("content-type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build());
    }

    private String uploadBatchFile(String jsonl) {
        var response = upload(jsonl, "batch");
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).get("id").asString();
    }

    private HttpResponse<String> createBatch(String fileId, String endpoint) {
        return sim.client().post("/v1/batches", """
                        {"input_file_id":"%s","endpoint":"%s","completion_window":"24h","metadata":{"job":"j1"}}""".formatted(fileId, endpoint), KEY);
    }

    private String submit(String jsonl) {
        var created = createBatch(uploadBatchFile(jsonl), "/v1/chat/completions");
        assertThat(created.statusCode()).isEqualTo(200);
        return json(created).get("id").asString();
    }

    private JsonNode poll(String batchId) {
        var response = get("/v1/batches/" + batchId);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    private HttpResponse<String> get(String path) {
        return sim.client()
                .send(HttpRequest.newBuilder(URI.create(sim.simulator().baseUrl() + path))
                        .header("authorization", "Bearer k")
                        .GET()
                        .build());
    }

    private List<JsonNode> fileLines(String fileId) {
        var response = get("/v1/files/" + fileId + "/content");
        assertThat(response.statusCode()).isEqualTo(200);
        return Arrays.stream(response.body().split("\n"))
                .filter(line -> !line.isBlank())
                .map(line -> Json.MAPPER.readTree(line))
                .toList();
    }

    @Test
    void aBatchIsValidatedRunsOverItsDelayCompletesAndHasAnOutputFile() {
        var fileId = uploadBatchFile(lines("req-1", "req-2", "req-3"));
        var created = json(createBatch(fileId, "/v1/chat/completions"));

        assertThat(created.get("id").asString()).startsWith("batch_");
        assertThat(created.get("object").asString()).isEqualTo("batch");
        assertThat(created.get("status").asString()).isEqualTo("validating");
        assertThat(created.get("input_file_id").asString()).isEqualTo(fileId);
        assertThat(created.get("completion_window").asString()).isEqualTo("24h");
        assertThat(created.get("created_at").asLong()).isEqualTo(START.getEpochSecond());
        assertThat(created.get("expires_at").asLong())
                .isEqualTo(START.plus(Duration.ofHours(24)).getEpochSecond());
        assertThat(created.at("/metadata/job").asString()).isEqualTo("j1");
        for (String field :
                List.of("errors", "output_file_id", "error_file_id", "completed_at", "failed_at", "cancelled_at")) {
            assertThat(created.get(field).isNull()).as(field).isTrue();
        }

        var started = poll(created.get("id").asString());
        assertThat(started.get("status").asString()).isEqualTo("in_progress");
        assertThat(started.get("in_progress_at").asLong()).isEqualTo(START.getEpochSecond());

        clock.advance(Duration.ofMinutes(4));
        var partly = poll(created.get("id").asString());
        assertThat(partly.get("status").asString()).isEqualTo("in_progress");
        assertThat(partly.at("/request_counts/completed").asInt()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(6));
        var done = poll(created.get("id").asString());
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("completed_at").asLong())
                .isEqualTo(START.plus(Duration.ofMinutes(10)).getEpochSecond());
        assertThat(done.at("/request_counts/total").asInt()).isEqualTo(3);
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(3);
        assertThat(done.at("/request_counts/failed").asInt()).isZero();
        assertThat(done.get("error_file_id").isNull()).isTrue();

        var output = fileLines(done.get("output_file_id").asString());
        assertThat(output)
                .extracting(line -> line.get("custom_id").asString())
                .containsExactly("req-1", "req-2", "req-3");
        assertThat(output).allSatisfy(line -> {
            assertThat(line.get("id").asString()).startsWith("batch_req_");
            assertThat(line.at("/response/status_code").asInt()).isEqualTo(200);
            assertThat(line.at("/response/request_id").asString())
                    .isEqualTo(line.get("custom_id").asString());
            assertThat(line.at("/response/body/object").asString()).isEqualTo("chat.completion");
            assertThat(line.get("error").isNull()).isTrue();
        });
    }

    @Test
    void eachRequestIsAnsweredAsTheSameSynchronousCallWouldBe() {
        var batchId = submit(lines("same-1"));
        clock.advance(Duration.ofMinutes(10));
        var output = fileLines(poll(batchId).get("output_file_id").asString());

        var body = Json.MAPPER
                .readTree(line("same-1", "Review class same1 for thread safety"))
                .get("body");
        var sync = json(sim.client().post("/v1/chat/completions", Json.MAPPER.writeValueAsString(body), KEY));
        var batched = output.getFirst().at("/response/body");
        assertThat(batched.at("/choices/0/message/content").asString())
                .isEqualTo(sync.at("/choices/0/message/content").asString());
        assertThat(batched.get("usage")).isEqualTo(sync.get("usage"));
        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("same-1"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.batch()).isTrue();
                    assertThat(entry.inputTokens())
                            .isEqualTo(batched.at("/usage/prompt_tokens").asInt());
                    assertThat(entry.outputTokens())
                            .isEqualTo(batched.at("/usage/completion_tokens").asInt());
                });
    }

    @Test
    void theConfiguredFractionOfRequestsFailsAndTheSameCustomIdsFailEveryTime() {
        sim.simulator().reconfigure(c -> c.withBatch(c.batch().withFailureFraction(0.5)));
        var ids = IntStream.range(0, 20).mapToObj(i -> "item-" + i).toArray(String[]::new);
        var first = submit(lines(ids));
        var second = submit(lines(ids));
        clock.advance(Duration.ofMinutes(10));

        var done = poll(first);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        int failed = done.at("/request_counts/failed").asInt();
        assertThat(failed).isBetween(1, 19);
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(20 - failed);
        var errors = fileLines(done.get("error_file_id").asString());
        assertThat(errors).hasSize(failed).allSatisfy(line -> {
            assertThat(line.at("/response/status_code").asInt()).isEqualTo(500);
            assertThat(line.at("/response/body/error/type").asString()).isEqualTo("server_error");
        });
        assertThat(fileLines(done.get("output_file_id").asString())).hasSize(20 - failed);
        var failedIds =
                errors.stream().map(line -> line.get("custom_id").asString()).toList();
        var failedAgain = fileLines(poll(second).get("error_file_id").asString()).stream()
                .map(line -> line.get("custom_id").asString())
                .toList();
        assertThat(failedAgain).isEqualTo(failedIds);
        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> failedIds.contains(entry.requestId()))
                .allSatisfy(entry -> {
                    assertThat(entry.status()).isEqualTo(500);
                    assertThat(entry.totalTokens()).isZero();
                    assertThat(entry.batch()).isTrue();
                });
    }

    @Test
    void aBatchNotDoneWithinExpireAfterExpiresWithItsUnfinishedRequests() {
        sim.simulator()
                .reconfigure(c ->
                        c.withBatch(c.batch().withDelay(Duration.ofHours(2)).withExpireAfter(Duration.ofHours(1))));
        var batchId = submit(lines("e-1", "e-2", "e-3", "e-4"));
        poll(batchId);

        clock.advance(Duration.ofMinutes(59));
        assertThat(poll(batchId).get("status").asString()).isEqualTo("in_progress");
        clock.advance(Duration.ofMinutes(1));
        var expired = poll(batchId);

        assertThat(expired.get("status").asString()).isEqualTo("expired");
        assertThat(expired.get("expired_at").asLong())
                .isEqualTo(START.plus(Duration.ofHours(1)).getEpochSecond());
        assertThat(expired.at("/request_counts/completed").asInt()).isEqualTo(2);
        assertThat(expired.at("/request_counts/failed").asInt()).isEqualTo(2);
        assertThat(fileLines(expired.get("output_file_id").asString()))
                .extracting(line -> line.get("custom_id").asString())
                .containsExactly("e-1", "e-2");
        assertThat(fileLines(expired.get("error_file_id").asString())).allSatisfy(line -> {
            assertThat(line.get("response").isNull()).isTrue();
            assertThat(line.at("/error/code").asString()).isEqualTo("batch_expired");
            assertThat(line.at("/error/message").asString()).isNotBlank();
        });
    }

    @Test
    void aCancelledBatchCancelsItsUnfinishedRequests() {
        var batchId = submit(lines("c-1", "c-2"));
        poll(batchId);

        var cancelling = sim.client().post("/v1/batches/" + batchId + "/cancel", "", KEY);
        assertThat(cancelling.statusCode()).isEqualTo(200);
        assertThat(json(cancelling).get("status").asString()).isEqualTo("cancelling");
        assertThat(json(cancelling).get("cancelling_at").asLong()).isEqualTo(START.getEpochSecond());

        clock.advance(Duration.ofMinutes(30));
        var cancelled = poll(batchId);
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("cancelled_at").isNull()).isFalse();
        assertThat(cancelled.at("/request_counts/completed").asInt()).isZero();
        assertThat(fileLines(cancelled.get("error_file_id").asString()))
                .extracting(line -> line.at("/error/code").asString())
                .containsExactly("batch_cancelled", "batch_cancelled");
        assertThat(sim.client()
                        .post("/v1/batches/" + batchId + "/cancel", "", KEY)
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void anInvalidInputFileFailsTheBatchWithOneErrorPerBadLine() {
        String jsonl = line("ok-1", "hi") + "\n"
                + "{not json\n"
                + line("ok-1", "hi again") + "\n"
                + line("ok-2", "hi").replace("/v1/chat/completions", "/v1/embeddings") + "\n";
        var batchId = submit(jsonl);

        var failed = poll(batchId);

        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("failed_at").asLong()).isEqualTo(START.getEpochSecond());
        assertThat(failed.at("/errors/object").asString()).isEqualTo("list");
        assertThat(failed.at("/errors/data"))
                .extracting(error ->
                        error.get("code").asString() + "@" + error.get("line").asInt())
                .containsExactly("invalid_json_line@2", "duplicate_custom_id@3", "mismatched_endpoint@4");
        assertThat(failed.get("output_file_id").isNull()).isTrue();
        assertThat(sim.simulator().ledger()).isEmpty();
    }

    @Test
    void badCreateRequestsAreAnsweredWithOpenAiErrors() {
        var fileId = uploadBatchFile(lines("x-1"));

        var wrongEndpoint = createBatch(fileId, "/v1/completionz");
        var unknownFile = createBatch("file-nope", "/v1/chat/completions");
        var notBatchPurpose =
                createBatch(json(upload(lines("x-2"), "fine-tune")).get("id").asString(), "/v1/chat/completions");
        var noKey = sim.client().post("/v1/batches", "{}");

        assertThat(wrongEndpoint.statusCode()).isEqualTo(400);
        assertThat(json(wrongEndpoint).get("error").propertyNames())
                .containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(json(wrongEndpoint).at("/error/type").asString()).isEqualTo("invalid_request_error");
        assertThat(json(wrongEndpoint).at("/error/param").asString()).isEqualTo("endpoint");
        assertThat(unknownFile.statusCode()).isEqualTo(404);
        assertThat(json(unknownFile).at("/error/message").asString()).contains("file-nope");
        assertThat(notBatchPurpose.statusCode()).isEqualTo(400);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(get("/v1/batches/batch_nope").statusCode()).isEqualTo(404);
        assertThat(get("/v1/files/file-nope/content").statusCode()).isEqualTo(404);
    }

    @Test
    void batchesAreListedNewestFirst() {
        var first = submit(lines("l-1"));
        var second = submit(lines("l-2"));

        var list = json(get("/v1/batches?limit=1"));

        assertThat(list.get("object").asString()).isEqualTo("list");
        assertThat(list.get("data"))
                .extracting(batch -> batch.get("id").asString())
                .containsExactly(second);
        assertThat(list.get("has_more").asBoolean()).isTrue();
        assertThat(json(get("/v1/batches?after=" + second)).get("data"))
                .extracting(batch -> batch.get("id").asString())
                .containsExactly(first);
    }

    @Test
    void batchCallsArePricedAtTheCatalogsBatchPricesAndTotalledApart() {
        var batchId = submit(lines("p-1", "p-2"));
        clock.advance(Duration.ofMinutes(10));
        assertThat(poll(batchId).get("status").asString()).isEqualTo("completed");
        sim.client().post("/v1/chat/completions", SimClient.chat(MODEL, "hello", 50), KEY);

        var batchTotals =
                json(sim.client().get("/sim/ledger/totals?batch=true")).get("OPENAI/" + MODEL);
        var syncTotals =
                json(sim.client().get("/sim/ledger/totals?batch=false")).get("OPENAI/" + MODEL);

        var prices = Catalog.load().findById(MODEL).orElseThrow().pricesOn(LocalDate.ofInstant(START, ZoneOffset.UTC));
        assertThat(batchTotals.get("calls").asLong()).isEqualTo(2);
        assertThat(batchTotals.get("costUsd").decimalValue())
                .isCloseTo(
                        perMillion(
                                        prices.price(TokenKind.BATCH_INPUT),
                                        batchTotals.get("inputTokens").asLong())
                                .add(perMillion(
                                        prices.price(TokenKind.BATCH_OUTPUT),
                                        batchTotals.get("outputTokens").asLong())),
                        within(new BigDecimal("0.000000002")));
        assertThat(syncTotals.get("calls").asLong()).isEqualTo(1);
        assertThat(syncTotals.get("costUsd").decimalValue())
                .isCloseTo(
                        perMillion(
                                        prices.price(TokenKind.INPUT),
                                        syncTotals.get("inputTokens").asLong())
                                .add(perMillion(
                                        prices.price(TokenKind.OUTPUT),
                                        syncTotals.get("outputTokens").asLong())),
                        within(new BigDecimal("0.000000002")));
        assertThat(sim.simulator().ledgerTotals().get("OPENAI/" + MODEL).calls())
                .isEqualTo(3);
        assertThat(json(sim.client().get("/sim/ledger?batch=true"))).hasSize(2);
    }

    @Test
    void batchSettingsAreReadAndChangedThroughTheAdminEndpoint() {
        var changed = sim.client().post("/sim/admin/batch", "{\"failureFraction\":0.25,\"expireAfterMillis\":3600000}");
        var invalid = sim.client().post("/sim/admin/batch", "{\"failureFraction\":1.5}");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(sim.simulator().config().batch())
                .isEqualTo(new BatchSpec(Duration.ofMinutes(10).toMillis(), 0.25, 3_600_000));
        assertThat(json(sim.client().get("/sim/admin/batch"))
                        .get("failureFraction")
                        .asDouble())
                .isEqualTo(0.25);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).at("/error/message").asString()).contains("batch.failureFraction");
    }

    private static BigDecimal perMillion(BigDecimal price, long tokens) {
        return price.multiply(BigDecimal.valueOf(tokens)).movePointLeft(6);
    }
}
