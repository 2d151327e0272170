package dev.conveyor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.embedded.Infrastructure;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class AvroSerdesTest {

    private final Infrastructure infra = Infrastructure.shared();

    @Test
    void valuesTravelInConfluentWireFormatWithAnIdTheCompatApiKnows() throws Exception {
        String topic = "serde-" + UUID.randomUUID();
        CompletionRequest request = Samples.request("job-1");

        byte[] bytes;
        try (Serializer<Object> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(AvroSerdes.producerConfig(infra.registry().apiUrl()), false);
            bytes = serializer.serialize(topic, request);
        }

        assertThat(bytes[0]).as("magic byte").isZero();
        int schemaId = ByteBuffer.wrap(bytes, 1, 4).getInt();
        HttpResponse<String> schema = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(infra.registry().ccompatUrl() + "/schemas/ids/" + schemaId))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.body()).contains("CompletionRequest");

        try (Deserializer<Object> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(AvroSerdes.consumerConfig(infra.registry().apiUrl()), false);
            assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(request);
        }
    }

    @Test
    void moneyKeepsEveryNanoDollar() throws Exception {
        String topic = "money-" + UUID.randomUUID();
        CompletionResult result = CompletionResult.newBuilder(Samples.result("job-2"))
                .setCostUsd(Money.usd("12345678.123456789"))
                .build();
        try (Serializer<Object> serializer = new AvroKafkaSerializer<>();
                Deserializer<Object> deserializer = new AvroKafkaDeserializer<>()) {
            serializer.configure(AvroSerdes.producerConfig(infra.registry().apiUrl()), false);
            deserializer.configure(AvroSerdes.consumerConfig(infra.registry().apiUrl()), false);
            CompletionResult back =
                    (CompletionResult) deserializer.deserialize(topic, serializer.serialize(topic, result));
            assertThat(back.getCostUsd()).isEqualByComparingTo("12345678.123456789");
            assertThat(back.getCostUsd().toPlainString()).isEqualTo("12345678.123456789");
        }
    }
}
