package dev.conveyor.billing.ledger;

import static dev.conveyor.billing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.billing.BillingIntegrationTest;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.DeadLetterHeaders;
import dev.conveyor.schemas.DeadLetterHeaders.Poison;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UsageIngestTest extends BillingIntegrationTest {

    @Test
    void consumedEventsShowInTheUsageTotalsExactly() {
        String tenant = tenant("ingest");
        Instant at = Instant.parse("2026-10-05T10:00:00Z");
        publish(List.of(
                event(tenant, "gpt-x", "code", 1000, 200, "0.001234567", at),
                event(tenant, "gpt-x", "code", 10, 20, "0.000000001", at),
                event(tenant, "claude-y", "docs", 5, 6, "1.100000000", at)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode usage = getJson("/v1/usage?tenant=" + tenant);
            assertThat(usage.get("tenant").asString()).isEqualTo(tenant);
            assertThat(usage.get("requests").asLong()).isEqualTo(3);
            assertThat(usage.get("input_tokens").asLong()).isEqualTo(1015);
            assertThat(usage.get("output_tokens").asLong()).isEqualTo(226);
            assertThat(usage.get("cached_input_tokens").asLong()).isZero();
            assertThat(usage.get("cost_usd").asString()).isEqualTo("1.101234568");
        });
    }

    @Test
    void undecodableBytesGoToTheDeadLetterTopicAsTheyArrivedAndThePartitionFlows() throws Exception {
        String tenant = tenant("garbage");
        ConsumerRecord<String, byte[]> dead =
                poisonThenFlow(tenant, "not avro".getBytes(StandardCharsets.UTF_8), Poison.UNDECODABLE);
        assertThat(dead.value()).isEqualTo("not avro".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, "kafka_dlt-exception-fqcn")).contains("DeserializationException");
        assertThat(header(dead, DeadLetterHeaders.ERROR_MESSAGE)).startsWith("DeserializationException");
        assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(USAGE_TOPIC);
        assertThat(header(dead, "kafka_dlt-original-consumer-group")).isEqualTo("billing-it-" + RUN);
    }

    @Test
    void aSchemaIdTheRegistryDoesNotKnowGoesToTheDeadLetterTopicAsUnknownSchema() throws Exception {
        byte[] framed = {0, 0x3b, (byte) 0x9a, (byte) 0xc9, (byte) 0xff, 2, 4, 6};
        poisonThenFlow(tenant("unknown-schema"), framed, Poison.UNKNOWN_SCHEMA);
    }

    @Test
    void aTombstoneGoesToTheDeadLetterTopicAsNoValue() throws Exception {
        poisonThenFlow(tenant("tombstone"), null, Poison.NO_VALUE);
    }

    @Test
    void aRecordOfAnotherSchemaGoesToTheDeadLetterTopicAsWrongSchema() throws Exception {
        String tenant = tenant("wrong-schema");
        CompletionRequest job = CompletionRequest.newBuilder()
                .setJobId(tenant)
                .setTenantId(tenant)
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "Review class Cart")))
                .build();
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.producerConfig(INFRA.registry().apiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers());
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(USAGE_TOPIC, tenant, job)).get();
        }

        assertFlowsAndDeadLettered(tenant, Poison.WRONG_SCHEMA);
    }

    @Test
    void aValidEventThatCannotBeBilledGoesToTheDeadLetterTopicAsInvalid() {
        String tenant = tenant("invalid");
        Instant at = Instant.parse("2026-10-06T10:00:00Z");
        publish(List.of(event(tenant, "m", "code", -5, 1, "0.5", at)));

        ConsumerRecord<String, byte[]> dead = assertFlowsAndDeadLettered(tenant, Poison.INVALID);
        assertThat(header(dead, DeadLetterHeaders.ERROR_MESSAGE))
                .isEqualTo("InvalidUsageEventException: inputTokens should be >= 0, got -5");
    }

    /** Sends the bytes on the usage topic; they go to the DLT as {@code kind}, and an event after them is billed. */
    private ConsumerRecord<String, byte[]> poisonThenFlow(String tenant, byte[] value, Poison kind) throws Exception {
        Map<String, Object> raw = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> garbage = new KafkaProducer<>(raw)) {
            garbage.send(new ProducerRecord<>(USAGE_TOPIC, tenant, value)).get();
        }
        return assertFlowsAndDeadLettered(tenant, kind);
    }

    private ConsumerRecord<String, byte[]> assertFlowsAndDeadLettered(String tenant, Poison kind) {
        Instant at = Instant.parse("2026-10-06T10:00:00Z");
        publish(List.of(event(tenant, "m", "code", 1, 1, "0.25", at)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode usage = getJson("/v1/usage?tenant=" + tenant);
            assertThat(usage.get("requests").asLong()).isEqualTo(1);
            assertThat(usage.get("cost_usd").asString()).isEqualTo("0.250000000");
        });
        ConsumerRecord<String, byte[]> dead = deadLetters(tenant, 1).getFirst();
        assertThat(header(dead, DeadLetterHeaders.ERROR_TYPE)).isEqualTo(kind.name());
        assertThat(header(dead, DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank();
        return dead;
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String tenant, int expected) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + tenant);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(DEAD_LETTER_TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (tenant.equals(record.key())) {
                        found.add(record);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
