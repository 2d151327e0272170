package dev.conveyor.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.DeadLetterHeaders;
import dev.conveyor.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Re-driving the router's dead-letter topic on a real broker: a failed job's dead letter goes back to
 * its original topic, marked, once; the job is queued again; bad requests are problems naming the field.
 */
class RedriveTest extends ApiTest {

    /** The router creates its dead-letter topic; here the test writes dead letters in its place. */
    @BeforeAll
    static void createDeadLetterTopic() {
        infra.createTopics(Topics.DEAD_LETTER);
    }

    @Test
    void aFailedJobsDeadLetterIsRedrivenToItsTopicMarkedOnceAndTheJobIsQueuedAgain() {
        Tenant tenant = newTenant();
        String jobId = api.post("/v1/jobs", tenant.key(), job("Review Cart " + UUID.randomUUID()))
                .json()
                .path("job_id")
                .asString();
        CompletionRequest sent = produced(j -> j.getJobId().equals(jobId)).getFirst();
        long dltOffset = deadLetter(sent, INTERACTIVE, Instant.now());
        publish(result(sent, false));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/v1/jobs/" + jobId, tenant.key())
                                .json()
                                .path("status")
                                .asString(),
                        "failed"::equals);

        JsonNode done = redrive("{\"job_ids\": [\"" + jobId + "\", \"no-such-job\"]}");

        assertThat(done.path("redriven").asInt()).isEqualTo(1);
        assertThat(done.path("not_found")).extracting(JsonNode::asString).containsExactly("no-such-job");
        List<ConsumerRecord<String, byte[]>> copies = redrivenCopies(INTERACTIVE, jobId);
        assertThat(copies).hasSize(1);
        assertThat(DeadLetterHeaders.text(copies.getFirst().headers(), DeadLetterHeaders.REDRIVEN))
                .hasValueSatisfying(v -> assertThat(v).endsWith("@" + dltOffset));
        assertThat(api.get("/v1/jobs/" + jobId, tenant.key())
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("queued");

        JsonNode again = redrive("{\"job_ids\": [\"" + jobId + "\"]}");
        assertThat(again.path("redriven").asInt()).isZero();
        assertThat(again.path("already_redriven").asInt()).isEqualTo(1);
        assertThat(redrivenCopies(INTERACTIVE, jobId)).as("still one copy").hasSize(1);

        JsonNode listed = api.get("/v1/admin/dead-letters?limit=500", ADMIN_KEY).json();
        assertThat(listed.path("data"))
                .filteredOn(l -> jobId.equals(l.path("job_id").asString()))
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.path("redriven").asBoolean()).isTrue();
                    assertThat(l.path("tenant_id").asString()).isEqualTo(tenant.id());
                    assertThat(l.path("error_type").asString()).isEqualTo("INVALID_REQUEST");
                });
    }

    @Test
    void everythingSinceATimeIsRedrivenAndRecordsBeforeItAreNot() {
        Tenant tenant = newTenant();
        String before = api.post("/v1/jobs", tenant.key(), job("Before " + UUID.randomUUID()))
                .json()
                .path("job_id")
                .asString();
        Instant since = Instant.now();
        deadLetter(produced(j -> j.getJobId().equals(before)).getFirst(), INTERACTIVE, since.minusSeconds(10));
        String after = api.post("/v1/jobs", tenant.key(), job("After " + UUID.randomUUID()))
                .json()
                .path("job_id")
                .asString();
        deadLetter(produced(j -> j.getJobId().equals(after)).getFirst(), INTERACTIVE, since);

        JsonNode done = redrive("{\"since\": \"" + since + "\"}");

        assertThat(done.path("redriven").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(redrivenCopies(INTERACTIVE, after)).hasSize(1);
        assertThat(redrivenCopies(INTERACTIVE, before)).isEmpty();
    }

    @Test
    void aDeadLetterWhoseTopicIsGoneIsNotRedrivableAndIsNotClaimed() {
        Tenant tenant = newTenant();
        String jobId = api.post("/v1/jobs", tenant.key(), job("Gone " + UUID.randomUUID()))
                .json()
                .path("job_id")
                .asString();
        deadLetter(produced(j -> j.getJobId().equals(jobId)).getFirst(), "llm.requests.deleted-lane", Instant.now());

        JsonNode done = redrive("{\"job_ids\": [\"" + jobId + "\"]}");

        assertThat(done.path("redriven").asInt()).isZero();
        assertThat(done.path("not_redrivable").asInt()).isEqualTo(1);
        assertThat(redrive("{\"job_ids\": [\"" + jobId + "\"]}")
                        .path("already_redriven")
                        .asInt())
                .as("not marked as re-driven")
                .isZero();
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        Map<String, String> bad = Map.of(
                "{}", "/",
                "{\"job_ids\": [\"a\"], \"since\": \"2026-12-01T00:00:00Z\"}", "/",
                "{\"job_ids\": []}", "/job_ids",
                "{\"job_ids\": [\" \"]}", "/job_ids/0",
                "{\"since\": \"yesterday\"}", "/since",
                "{\"since\": \"2026-12-01T00:00:00Z\", \"topic\": \"llm.usage\"}", "/topic");
        bad.forEach((body, field) -> {
            Api.Reply reply = api.post("/v1/admin/dead-letters/redrive", ADMIN_KEY, body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json().path("field").asString()).as(body).isEqualTo(field);
        });
        Tenant tenant = newTenant();
        assertThat(api.post("/v1/admin/dead-letters/redrive", tenant.key(), "{\"since\": \"2026-12-01T00:00:00Z\"}")
                        .status())
                .as("a tenant's key is not the admin key")
                .isIn(401, 403);
    }

    private JsonNode redrive(String body) {
        Api.Reply reply = api.post("/v1/admin/dead-letters/redrive", ADMIN_KEY, body);
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        return reply.json();
    }

    /** Puts the job on the router's dead-letter topic as the router would, stamped {@code at}; answers its offset there. */
    private static long deadLetter(CompletionRequest job, String originalTopic, Instant at) {
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.producerConfig(infra.registry().apiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (var producer = new KafkaProducer<String, Object>(config)) {
            ProducerRecord<String, Object> record =
                    new ProducerRecord<>(Topics.DEAD_LETTER, null, at.toEpochMilli(), job.getJobId(), job);
            DeadLetterHeaders.original(record.headers(), originalTopic, 0, 42L, System.currentTimeMillis());
            DeadLetterHeaders.error(record.headers(), "INVALID_REQUEST", "the provider refused the prompt", null);
            return producer.send(record).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records of this job on the topic that carry the re-drive mark. */
    private static List<ConsumerRecord<String, byte[]>> redrivenCopies(String topic, String jobId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> copies = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (jobId.equals(r.key()) && r.headers().lastHeader(DeadLetterHeaders.REDRIVEN) != null) {
                        copies.add(r);
                    }
                });
            }
        }
        return copies;
    }
}
