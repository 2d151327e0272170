package dev.conveyor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.embedded.Infrastructure;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * A client that does not resolve schema references (librdkafka's libserdes in kcat,
 * confluent-kafka-python 1.x) knows only the id → schema lookup of the registry's Confluent API:
 * every value Conveyor writes must decode with the schema that lookup answers, on its own.
 */
class SelfContainedSchemaTest {

    private final Infrastructure infra = Infrastructure.shared();

    @Test
    void everyValueTypeDecodesWithOnlyTheSchemaItsIdNames() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<SpecificRecord> values = List.of(
                Samples.request("job-1"),
                Samples.result("job-1"),
                UsageEvent.newBuilder()
                        .setEventId("e-1")
                        .setJobId("job-1")
                        .setTenantId("acme")
                        .setProvider("openai")
                        .setModel("gpt-4.1-mini")
                        .setTaskType("code_analysis")
                        .setInputTokens(120)
                        .setOutputTokens(30)
                        .setCostUsd(Money.usd("0.000096000"))
                        .setStatus(JobStatus.SUCCEEDED)
                        .setLatencyMs(812)
                        .setTimestamp(now)
                        .build(),
                BudgetAlert.newBuilder()
                        .setAlertId("a-1")
                        .setTenantId("acme")
                        .setMonth("2026-12")
                        .setMetric(AlertMetric.COST_USD)
                        .setThresholdPercent(80)
                        .setLimitValue(Money.usd(new BigDecimal("5")))
                        .setUsedValue(Money.usd(new BigDecimal("4")))
                        .setRaisedAt(now)
                        .build());
        for (SpecificRecord value : values) {
            String topic = "self-contained-" + UUID.randomUUID();
            byte[] bytes;
            try (Serializer<Object> serializer = new SingleFlightAvroSerializer()) {
                serializer.configure(AvroSerdes.producerConfig(infra.registry().apiUrl()), false);
                bytes = serializer.serialize(topic, value);
            }

            Schema schema = new Schema.Parser()
                    .parse(schemaOfId(ByteBuffer.wrap(bytes, 1, 4).getInt()));
            GenericRecord decoded = new GenericDatumReader<GenericRecord>(schema)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));

            assertThat(decoded.getSchema().getFullName())
                    .isEqualTo(value.getSchema().getFullName());
            assertThat(decoded.toString()).isEqualTo(genericRecordOf(value));
        }
    }

    /** The lookup a reference-blind client makes: {@code GET /schemas/ids/{id}}, nothing more. */
    private String schemaOfId(int id) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(infra.registry().ccompatUrl() + "/schemas/ids/" + id))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(answer.body())
                .path("schema")
                .asText();
    }

    /** The value as a generic reader of its own schema sees it. */
    private static String genericRecordOf(SpecificRecord value) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder encoder =
                org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<SpecificRecord>(value.getSchema()).write(value, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(value.getSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null))
                .toString();
    }
}
