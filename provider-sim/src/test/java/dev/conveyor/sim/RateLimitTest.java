package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.chat;
import static dev.conveyor.sim.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.embedded.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimitTest {

    private static final String PATH = "/v1/chat/completions";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @RegisterExtension
    final RunningSimulator sim = new RunningSimulator(
            SimulatorConfig.defaults()
                    .withRateLimit(RateLimitSpec.of(2, 100_000, Duration.ofSeconds(10)))
                    .withModel(
                            "claude-haiku-4-5",
                            model -> model.withRateLimit(RateLimitSpec.of(1, 0, Duration.ofSeconds(10)))),
            clock);

    private java.net.http.HttpResponse<String> call(String key) {
        return sim.client().post(PATH, chat("gpt-4o", "hi"), "authorization", "Bearer " + key);
    }

    @Test
    void successfulCallsCarryOpenAisRateLimitHeaders() {
        var first = call("key-a");
        var second = call("key-a");

        assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
        assertThat(second.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).hasValue("10s");
        assertThat(first.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("100000");
        assertThat(Long.parseLong(first.headers()
                        .firstValue("x-ratelimit-remaining-tokens")
                        .orElseThrow()))
                .isLessThan(100_000);
    }

    @Test
    void callOverTheRequestLimitIs429WithRetryAfterUntilTheWindowResets() {
        call("key-a");
        clock.advance(Duration.ofSeconds(3));
        call("key-a");

        var refused = call("key-a");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused).at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.headers().firstValue("retry-after")).hasValue("7");
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        assertThat(refused.headers().firstValue("x-ratelimit-reset-requests")).hasValue("7s");

        clock.advance(Duration.ofSeconds(7));
        assertThat(call("key-a").statusCode()).isEqualTo(200);
    }

    @Test
    void limitsArePerApiKey() {
        call("key-a");
        call("key-a");

        assertThat(call("key-a").statusCode()).isEqualTo(429);
        assertThat(call("key-b").statusCode()).isEqualTo(200);
    }

    @Test
    void refusedCallsDoNotUseTheAllowance() {
        call("key-a");
        call("key-a");
        call("key-a");
        clock.advance(Duration.ofSeconds(10));

        assertThat(call("key-a").headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("1");
    }

    @Test
    void anthropic429CarriesAnthropicHeadersAndRetryAfter() {
        String body =
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String[] headers = {"x-api-key", "k", "anthropic-version", "2023-06-01"};
        sim.client().post("/v1/messages", body, headers);

        var refused = sim.client().post("/v1/messages", body, headers);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused).at("/error/type").asString()).isEqualTo("rate_limit_error");
        assertThat(refused.headers().firstValue("retry-after")).hasValue("10");
        assertThat(refused.headers().firstValue("anthropic-ratelimit-requests-limit"))
                .hasValue("1");
        assertThat(refused.headers().firstValue("anthropic-ratelimit-requests-remaining"))
                .hasValue("0");
        assertThat(refused.headers().firstValue("anthropic-ratelimit-requests-reset"))
                .hasValue("2026-01-01T00:00:10Z");
    }
}
