package dev.conveyor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.conveyor.embedded.Infrastructure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class SingleFlightAvroSerializerTest {

    @Test
    void manyThreadsSerializingForANewTopicAskTheRegistryOnce() throws Exception {
        URI registry = URI.create(Infrastructure.shared().registry().apiUrl());
        AtomicInteger registryRequests = new AtomicInteger();
        HttpClient forward = HttpClient.newHttpClient();
        HttpServer counting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        counting.createContext("/", exchange -> proxy(exchange, registry, forward, registryRequests));
        counting.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        counting.start();
        String viaCounter = "http://127.0.0.1:" + counting.getAddress().getPort() + registry.getPath();
        int oneThread;
        try (Serializer<Object> serializer = new SingleFlightAvroSerializer()) {
            serializer.configure(AvroSerdes.producerConfig(viaCounter), false);
            serializer.serialize("single-flight-" + UUID.randomUUID(), Samples.request("job-0"));
            oneThread = registryRequests.getAndSet(0);
        }
        String topic = "single-flight-" + UUID.randomUUID();
        try (Serializer<Object> serializer = new SingleFlightAvroSerializer();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            serializer.configure(AvroSerdes.producerConfig(viaCounter), false);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<byte[]>> serialized = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                CompletionRequest job = Samples.request("job-" + i);
                serialized.add(threads.submit(() -> {
                    start.await();
                    return serializer.serialize(topic, job);
                }));
            }
            start.countDown();
            Set<Integer> schemaIds = new HashSet<>();
            for (Future<byte[]> bytes : serialized) {
                schemaIds.add(ByteBuffer.wrap(bytes.get(), 1, 4).getInt());
            }
            assertThat(schemaIds).hasSize(1);
        } finally {
            counting.stop(0);
        }
        // the requests of one lookup-or-register for the topic's schema, not of one per thread
        assertThat(oneThread).isPositive();
        assertThat(registryRequests.get()).isEqualTo(oneThread);
    }

    @Test
    void laterRecordsAreTheBytesApicurioWouldWriteAndReadBack() throws Exception {
        String registry = Infrastructure.shared().registry().apiUrl();
        String topic = "shortcut-" + UUID.randomUUID();
        try (SingleFlightAvroSerializer fast = new SingleFlightAvroSerializer();
                Serializer<Object> plain = new io.apicurio.registry.serde.avro.AvroKafkaSerializer<>();
                var deserializer = new io.apicurio.registry.serde.avro.AvroKafkaDeserializer<Object>()) {
            fast.configure(AvroSerdes.producerConfig(registry), false);
            plain.configure(AvroSerdes.producerConfig(registry), false);
            deserializer.configure(AvroSerdes.consumerConfig(registry), false);
            for (int i = 0; i < 3; i++) {
                CompletionResult result = CompletionResult.newBuilder(Samples.result("job-" + i))
                        .setCostUsd(Money.usd("0.00012" + i))
                        .build();
                byte[] bytes = fast.serialize(topic, result);
                assertThat(bytes).isEqualTo(plain.serialize(topic, result));
                assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(result);
            }
            assertThat(fast.shortcut(topic, CompletionResult.getClassSchema())).isTrue();
            // another schema on the same topic is learned on its own
            CompletionRequest request = Samples.request("job-x");
            assertThat(fast.serialize(topic, request)).isEqualTo(plain.serialize(topic, request));
            assertThat(deserializer.deserialize(topic, fast.serialize(topic, request)))
                    .isEqualTo(request);
        }
    }

    private static void proxy(HttpExchange exchange, URI registry, HttpClient forward, AtomicInteger count)
            throws IOException {
        count.incrementAndGet();
        try (exchange) {
            URI target = registry.resolve(exchange.getRequestURI().toString());
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .method(
                            exchange.getRequestMethod(),
                            HttpRequest.BodyPublishers.ofByteArray(
                                    exchange.getRequestBody().readAllBytes()));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> response = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers()
                    .firstValue("Content-Type")
                    .ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
            exchange.sendResponseHeaders(
                    response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
