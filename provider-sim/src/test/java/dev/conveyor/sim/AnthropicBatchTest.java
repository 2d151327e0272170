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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class AnthropicBatchTest {

    private static final String MODEL = "claude-haiku-4-5";
    private static final String PATH = "/v1/messages/batches";
    private static final String[] HEADERS = {"x-api-key", "k", "anthropic-version", "2023-06-01"};
    private static final Instant START = Instant.parse("2026-12-04T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);

    @RegisterExtension
    final RunningSimulator sim = new RunningSimulator(
            SimulatorConfig.defaults().withBatch(BatchSpec.defaults().withDelay(Duration.ofMinutes(10))), clock);

    private static Map<String, Object> params(String prompt) {
        return Map.of(
                "model", MODEL, "max_tokens", 300, "messages", List.of(Map.of("role", "user", "content", prompt)));
    }

    private static String batch(String... ids) {
        var requests = Arrays.stream(ids)
                .map(id -> Map.of("custom_id", id, "params", params("Write tests for class " + id.replace("-", ""))))
                .toList();
        return Json.MAPPER.writeValueAsString(Map.of("requests", requests));
    }

    private HttpResponse<String> create(String body) {
        return sim.client().post(PATH, body, HEADERS);
    }

    private String submit(String... ids) {
        var created = create(batch(ids));
        assertThat(created.statusCode()).isEqualTo(200);
        return json(created).get("id").asString();
    }

    private HttpResponse<String> get(String path) {
        return sim.client()
                .send(HttpRequest.newBuilder(URI.create(sim.simulator().baseUrl() + path))
                        .headers(HEADERS)
                        .GET()
                        .build());
    }

    private JsonNode poll(String id) {
        var response = get(PATH + "/" + id);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    private List<JsonNode> results(String id) {
        var response = get(PATH + "/" + id + "/results");
        assertThat(response.statusCode()).isEqualTo(200);
        return Arrays.stream(response.body().split("\n"))
                .filter(line -> !line.isBlank())
                .map(line -> Json.MAPPER.readTree(line))
                .toList();
    }

    @Test
    void aBatchProcessesOverItsDelayEndsAndServesItsResults() {
        var created = json(create(batch("a-1", "a-2")));

        assertThat(created.get("id").asString()).startsWith("msgbatch_");
        assertThat(created.get("type").asString()).isEqualTo("message_batch");
        assertThat(created.get("processing_status").asString()).isEqualTo("in_progress");
        assertThat(created.at("/request_counts/processing").asInt()).isEqualTo(2);
        assertThat(created.get("created_at").asString()).isEqualTo(START.toString());
        assertThat(created.get("expires_at").asString())
                .isEqualTo(START.plus(Duration.ofHours(24)).toString());
        assertThat(created.get("ended_at").isNull()).isTrue();
        assertThat(created.get("cancel_initiated_at").isNull()).isTrue();
        assertThat(created.get("results_url").isNull()).isTrue();
        String id = created.get("id").asString();
        assertThat(get(PATH + "/" + id + "/results").statusCode()).isEqualTo(400);

        clock.advance(Duration.ofMinutes(5));
        assertThat(poll(id).at("/request_counts/succeeded").asInt()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        var ended = poll(id);

        assertThat(ended.get("processing_status").asString()).isEqualTo("ended");
        assertThat(ended.get("ended_at").asString())
                .isEqualTo(START.plus(Duration.ofMinutes(10)).toString());
        assertThat(ended.get("request_counts"))
                .isEqualTo(Json.MAPPER.readTree(
                        "{\"processing\":0,\"succeeded\":2,\"errored\":0,\"canceled\":0,\"expired\":0}"));
        assertThat(ended.get("results_url").asString()).endsWith(PATH + "/" + id + "/results");
        var results = results(id);
        assertThat(results).extracting(line -> line.get("custom_id").asString()).containsExactly("a-1", "a-2");
        assertThat(results).allSatisfy(line -> {
            assertThat(line.at("/result/type").asString()).isEqualTo("succeeded");
            assertThat(line.at("/result/message/type").asString()).isEqualTo("message");
            assertThat(line.at("/result/message/stop_reason").asString()).isEqualTo("end_turn");
        });
    }

    @Test
    void eachRequestIsAnsweredAsTheSameMessagesCallWouldBe() {
        var id = submit("same-1");
        clock.advance(Duration.ofMinutes(10));
        var message = results(id).getFirst().at("/result/message");

        var sync = json(sim.client()
                .post("/v1/messages", Json.MAPPER.writeValueAsString(params("Write tests for class same1")), HEADERS));

        assertThat(message.get("content")).isEqualTo(sync.get("content"));
        assertThat(message.get("usage")).isEqualTo(sync.get("usage"));
        assertThat(sim.simulator().ledger())
                .filteredOn(entry -> entry.requestId().equals("same-1"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.batch()).isTrue();
                    assertThat(entry.protocol()).isEqualTo(Protocol.ANTHROPIC);
                    assertThat(entry.outputTokens())
                            .isEqualTo(message.at("/usage/output_tokens").asInt());
                });
    }

    @Test
    void theConfiguredFractionOfRequestsErrorsAndInvalidParamsErrorToo() {
        var noMaxTokens = Json.MAPPER.writeValueAsString(Map.of(
                "requests",
                List.of(Map.of(
                        "custom_id",
                        "bad-params",
                        "params",
                        Map.of("model", MODEL, "messages", List.of(Map.of("role", "user", "content", "hi")))))));
        var invalidId = json(create(noMaxTokens)).get("id").asString();
        sim.simulator().reconfigure(c -> c.withBatch(c.batch().withFailureFraction(0.5)));
        var ids = IntStream.range(0, 20).mapToObj(i -> "item-" + i).toArray(String[]::new);
        var id = submit(ids);
        clock.advance(Duration.ofMinutes(10));

        var ended = poll(id);
        int errored = ended.at("/request_counts/errored").asInt();
        assertThat(errored).isBetween(1, 19);
        assertThat(ended.at("/request_counts/succeeded").asInt()).isEqualTo(20 - errored);
        assertThat(results(id))
                .filteredOn(line -> line.at("/result/type").asString().equals("errored"))
                .hasSize(errored)
                .allSatisfy(line -> {
                    assertThat(line.at("/result/error/type").asString()).isEqualTo("error");
                    assertThat(line.at("/result/error/error/type").asString()).isEqualTo("api_error");
                });
        var invalid = results(invalidId).getFirst();
        assertThat(invalid.at("/result/type").asString()).isEqualTo("errored");
        assertThat(invalid.at("/result/error/error/type").asString()).isEqualTo("invalid_request_error");
        assertThat(invalid.at("/result/error/error/message").asString()).contains("max_tokens");
    }

    @Test
    void aBatchNotDoneWithinExpireAfterExpiresItsUnfinishedRequests() {
        sim.simulator()
                .reconfigure(c ->
                        c.withBatch(c.batch().withDelay(Duration.ofHours(3)).withExpireAfter(Duration.ofHours(1))));
        var id = submit("e-1", "e-2", "e-3");

        clock.advance(Duration.ofHours(2));
        var ended = poll(id);

        assertThat(ended.get("processing_status").asString()).isEqualTo("ended");
        assertThat(ended.get("ended_at").asString())
                .isEqualTo(START.plus(Duration.ofHours(1)).toString());
        assertThat(ended.at("/request_counts/succeeded").asInt()).isEqualTo(1);
        assertThat(ended.at("/request_counts/expired").asInt()).isEqualTo(2);
        assertThat(results(id))
                .extracting(line -> line.at("/result/type").asString())
                .containsExactly("succeeded", "expired", "expired");
    }

    @Test
    void aCanceledBatchEndsWithItsUnfinishedRequestsCanceled() {
        var id = submit("c-1", "c-2");

        var canceling = sim.client().post(PATH + "/" + id + "/cancel", "", HEADERS);
        assertThat(canceling.statusCode()).isEqualTo(200);
        assertThat(json(canceling).get("processing_status").asString()).isEqualTo("canceling");
        assertThat(json(canceling).get("cancel_initiated_at").asString()).isEqualTo(START.toString());

        var ended = poll(id);
        assertThat(ended.get("processing_status").asString()).isEqualTo("ended");
        assertThat(ended.at("/request_counts/canceled").asInt()).isEqualTo(2);
        assertThat(results(id))
                .extracting(line -> line.at("/result/type").asString())
                .containsExactly("canceled", "canceled");
        assertThat(sim.client().post(PATH + "/" + id + "/cancel", "", HEADERS).statusCode())
                .isEqualTo(400);
        assertThat(sim.simulator().ledger()).isEmpty();
    }

    @Test
    void invalidBatchesAreRejectedWithAnthropicErrors() {
        var duplicate = create(batch("d-1", "d-1"));
        var badId = create(batch("not valid!"));
        var empty = create("{\"requests\":[]}");
        var noVersion = sim.client().post(PATH, batch("v-1"), "x-api-key", "k");
        var noKey = sim.client().post(PATH, batch("v-1"), "anthropic-version", "2023-06-01");

        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(json(duplicate).get("type").asString()).isEqualTo("error");
        assertThat(json(duplicate).at("/error/type").asString()).isEqualTo("invalid_request_error");
        assertThat(json(duplicate).at("/error/message").asString()).contains("d-1");
        assertThat(json(duplicate).get("request_id").asString()).isNotBlank();
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json(badId).at("/error/message").asString()).contains("custom_id");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(get(PATH + "/msgbatch_nope").statusCode()).isEqualTo(404);
    }

    @Test
    void batchesAreListedNewestFirst() {
        var first = submit("l-1");
        var second = submit("l-2");

        var list = json(get(PATH));

        assertThat(list.get("data"))
                .extracting(batch -> batch.get("id").asString())
                .containsExactly(second, first);
        assertThat(list.get("has_more").asBoolean()).isFalse();
        assertThat(list.get("first_id").asString()).isEqualTo(second);
    }

    @Test
    void batchCallsArePricedAtTheCatalogsBatchPrices() {
        var id = submit("p-1", "p-2", "p-3");
        clock.advance(Duration.ofMinutes(10));
        assertThat(poll(id).get("processing_status").asString()).isEqualTo("ended");

        var totals = json(sim.client().get("/sim/ledger/totals?batch=true")).get("ANTHROPIC/" + MODEL);

        var prices = Catalog.load().findById(MODEL).orElseThrow().pricesOn(LocalDate.ofInstant(START, ZoneOffset.UTC));
        assertThat(totals.get("calls").asLong()).isEqualTo(3);
        assertThat(totals.get("costUsd").decimalValue())
                .isCloseTo(
                        perMillion(
                                        prices.price(TokenKind.BATCH_INPUT),
                                        totals.get("inputTokens").asLong())
                                .add(perMillion(
                                        prices.price(TokenKind.BATCH_OUTPUT),
                                        totals.get("outputTokens").asLong())),
                        within(new BigDecimal("0.000000002")));
        assertThat(prices.price(TokenKind.BATCH_INPUT)).isLessThan(prices.price(TokenKind.INPUT));
        assertThat(json(sim.client().get("/sim/ledger/totals?batch=false")).has("ANTHROPIC/" + MODEL))
                .isFalse();
    }

    private static BigDecimal perMillion(BigDecimal price, long tokens) {
        return price.multiply(BigDecimal.valueOf(tokens)).movePointLeft(6);
    }
}
