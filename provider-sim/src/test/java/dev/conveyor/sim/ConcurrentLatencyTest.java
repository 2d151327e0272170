package dev.conveyor.sim;

import static dev.conveyor.sim.SimClient.chat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Latency is a scheduled write, not a sleeping thread: many slow calls overlap instead of queueing. */
class ConcurrentLatencyTest {

    @Test
    void twoHundredCallsOfHalfASecondEachFinishInWellUnderTheirSerialTime() {
        try (var sim = ProviderSimulator.start(
                        SimulatorConfig.defaults().withLatency(LatencySpec.fixed(Duration.ofMillis(500))));
                var http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            var request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                    .header("authorization", "Bearer k")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("gpt-4o", "hi")))
                    .build();
            long started = System.nanoTime();

            var statuses = IntStream.range(0, 200)
                    .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                    .toList()
                    .stream()
                    .map(CompletableFuture::join)
                    .map(HttpResponse::statusCode)
                    .toList();

            assertThat(statuses).hasSize(200).containsOnly(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(sim.ledger()).hasSize(200);
        }
    }
}
