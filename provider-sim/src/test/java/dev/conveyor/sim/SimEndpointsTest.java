package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.chat;
import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SimEndpointsTest {

    @RegisterExtension
    static final RunningSimulator sim = new RunningSimulator();

    @Test
    void healthIsUp() {
        var response = sim.client().get("/sim/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void baseUrlIsLoopbackWithTheBoundPort() {
        assertThat(sim.simulator().port()).isPositive();
        assertThat(sim.simulator().baseUrl())
                .isEqualTo("http://127.0.0.1:" + sim.simulator().port());
    }

    @Test
    void ledgerEndpointListsCallsAndFiltersByRequestId() {
        sim.client()
                .post(
                        "/v1/chat/completions",
                        chat("gpt-4o", "hello"),
                        "authorization",
                        "Bearer k",
                        "x-client-request-id",
                        "ledger-http-1");

        var all = json(sim.client().get("/sim/ledger"));
        var one = json(sim.client().get("/sim/ledger?requestId=ledger-http-1"));

        assertThat(all.isArray()).isTrue();
        assertThat(one).hasSize(1);
        var entry = one.get(0);
        assertThat(entry.get("requestId").asString()).isEqualTo("ledger-http-1");
        assertThat(entry.get("protocol").asString()).isEqualTo("OPENAI");
        assertThat(entry.get("model").asString()).isEqualTo("gpt-4o");
        assertThat(entry.get("status").asInt()).isEqualTo(200);
        assertThat(entry.get("inputTokens").asInt()).isPositive();
        assertThat(entry.get("outputTokens").asInt()).isPositive();
        assertThat(entry.has("cachedInputTokens")).isTrue();
        assertThat(entry.has("time")).isTrue();
    }

    @Test
    void ledgerTotalsSumTokensPerProtocolAndModel() {
        sim.client().post("/v1/chat/completions", chat("gpt-4.1-nano", "a"), "authorization", "Bearer k");
        sim.client().post("/v1/chat/completions", chat("gpt-4.1-nano", "b"), "authorization", "Bearer k");

        var totals = json(sim.client().get("/sim/ledger/totals")).get("OPENAI/gpt-4.1-nano");

        long expectedOutput = sim.simulator().ledger().stream()
                .filter(entry -> entry.model().equals("gpt-4.1-nano"))
                .mapToLong(LedgerEntry::outputTokens)
                .sum();
        assertThat(totals.get("calls").asLong()).isEqualTo(2);
        assertThat(totals.get("outputTokens").asLong()).isEqualTo(expectedOutput);
    }

    @Test
    void unknownPathIsA404() {
        assertThat(sim.client().get("/v2/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void defaultJavaHttpClientThatOffersHttp2IsAnsweredInHttp11() throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var request = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(sim.simulator().baseUrl() + "/v1/chat/completions"))
                    .header("authorization", "Bearer k")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat("gpt-4o", "hi")))
                    .build();

            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void streamingRequestIsRejectedWithAClearMessage() {
        var response = sim.client()
                .post(
                        "/v1/chat/completions",
                        "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        "authorization",
                        "Bearer k");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/param").asString()).isEqualTo("stream");
    }

    @Test
    void ledgerEndpointPagesWithOffsetAndLimit() {
        for (int i = 0; i < 3; i++) {
            sim.client()
                    .post(
                            "/v1/chat/completions",
                            chat("o4-mini", "page " + i),
                            "authorization",
                            "Bearer k",
                            "x-client-request-id",
                            "page-" + i);
        }

        var page = json(sim.client().get("/sim/ledger?model=o4-mini&offset=1&limit=1"));

        assertThat(page).hasSize(1);
        assertThat(page.get(0).get("requestId").asString()).isEqualTo("page-1");
        assertThat(sim.client().get("/sim/ledger?limit=x").statusCode()).isEqualTo(400);
    }
}
