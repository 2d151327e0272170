package dev.conveyor.api.deadletters;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.errors.BrokerUnavailable;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.DeadLetterHeaders;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the dead-letter topics and re-drives their records. A scan reads a topic without a consumer
 * group (it commits nothing and disturbs no consumer) from its start, or from the first record at or
 * after a time, up to the end offsets it saw when it began. A record is re-driven by publishing its
 * original key and value bytes to its original topic (the {@code kafka_dlt-original-*} headers) with
 * {@link DeadLetterHeaders#REDRIVEN} naming the dead-letter record, so the router handles the job as
 * new and bills its calls as new calls. Each dead-letter record is re-driven once: its row in {@code
 * intake.redriven_dead_letters} is committed only after the broker acknowledged the copy, and a
 * second re-drive of it (or one running at the same moment) finds the row and skips it.
 */
@Component
public class DeadLetters {

    /** One dead-letter record as an operator sees it. */
    public record Letter(
            String topic,
            int partition,
            long offset,
            String jobId,
            String tenantId,
            String originalTopic,
            String errorType,
            String errorMessage,
            Instant timestamp,
            boolean redriven) {}

    /** What a re-drive did. */
    public record Redriven(int redriven, int alreadyRedriven, int notRedrivable, List<String> notFound, boolean more) {}

    private final ApiSettings settings;
    private final KafkaProperties kafka;
    private final KafkaAdmin admin;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DeadLetters(
            ApiSettings settings,
            KafkaProperties kafka,
            KafkaAdmin admin,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock) {
        this.settings = settings;
        this.kafka = kafka;
        this.admin = admin;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The latest {@code limit} records of {@code topic}, newest first (reading the last {@code limit} of each partition). */
    public List<Letter> latest(String topic, int limit) {
        List<Scanned> tail = new ArrayList<>(
                scan(topic, null, limit, r -> true, Integer.MAX_VALUE).records());
        tail.sort(java.util.Comparator.comparingLong((Scanned r) -> r.record().timestamp())
                .reversed());
        List<Scanned> latest = tail.subList(0, Math.min(limit, tail.size()));
        Set<String> redriven = redrivenAmong(topic, latest);
        return latest.stream()
                .map(r -> r.letter(redriven.contains(r.coordinates())))
                .toList();
    }

    /** Re-drives the records of {@code topic} whose job id is one of {@code jobIds}, or that arrived at or after {@code since}. */
    public Redriven redrive(String topic, List<String> jobIds, Instant since) {
        Set<String> wanted = jobIds == null ? null : Set.copyOf(jobIds);
        Predicate<ConsumerRecord<String, byte[]>> matches = wanted != null
                ? r -> r.key() != null && wanted.contains(r.key())
                : r -> r.timestamp() >= since.toEpochMilli();
        Scan scan = scan(
                topic,
                wanted != null ? null : since,
                0,
                matches,
                settings.redrive().maxRecords());
        int redriven = 0;
        int already = 0;
        int notRedrivable = 0;
        Set<String> found = new java.util.HashSet<>();
        Set<String> topics = existingTopics();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Scanned record : scan.records()) {
                found.add(record.record().key());
                switch (redriveOne(producer, record, topics)) {
                    case REDRIVEN -> redriven++;
                    case ALREADY -> already++;
                    case NOT_REDRIVABLE -> notRedrivable++;
                }
            }
        }
        List<String> notFound = wanted == null
                ? List.of()
                : jobIds.stream().filter(id -> !found.contains(id)).distinct().toList();
        return new Redriven(redriven, already, notRedrivable, notFound, scan.more());
    }

    private enum Result {
        REDRIVEN,
        ALREADY,
        NOT_REDRIVABLE
    }

    private Result redriveOne(KafkaProducer<String, byte[]> producer, Scanned scanned, Set<String> topics) {
        ConsumerRecord<String, byte[]> record = scanned.record();
        String original = DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)
                .orElse(null);
        if (original == null || record.value() == null || !topics.contains(original)) {
            // a tombstone, no origin to send it back to, or an origin since deleted (the broker creates
            // no topic on first use, and a send to one it lacks would wait for it until it timed out)
            return Result.NOT_REDRIVABLE;
        }
        return transactions.execute(tx -> {
            int claimed = jdbc.sql("""
                            INSERT INTO intake.redriven_dead_letters (topic, partition, "offset", job_id, redriven_at)
                            VALUES (:topic, :partition, :offset, :jobId, :at)
                            ON CONFLICT DO NOTHING
                            """)
                    .param("topic", record.topic())
                    .param("partition", record.partition())
                    .param("offset", record.offset())
                    .param("jobId", record.key())
                    .param("at", Timestamp.from(clock.instant()))
                    .update();
            if (claimed == 0) {
                return Result.ALREADY;
            }
            ProducerRecord<String, byte[]> copy = new ProducerRecord<>(original, null, record.key(), record.value());
            copy.headers()
                    .add(
                            DeadLetterHeaders.REDRIVEN,
                            scanned.coordinates().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            await(producer.send(copy), "acknowledge a re-driven record", "nothing after it was re-driven");
            CompletionRequest job = scanned.job();
            if (job != null) {
                // the job is queued again until its new result arrives
                jdbc.sql("""
                                UPDATE intake.jobs SET status = 'queued', completed_at = NULL, error_type = NULL,
                                    error_message = NULL
                                WHERE tenant_id = :tenant AND job_id = :jobId AND status = 'failed'
                                """)
                        .param("tenant", job.getTenantId())
                        .param("jobId", job.getJobId())
                        .update();
            }
            return Result.REDRIVEN;
        });
    }

    /**
     * The broker's answer within {@code conveyor.api.kafka-ack-timeout}, or {@link BrokerUnavailable}
     * saying what it did not do and what that leaves undone.
     */
    private <T> T await(java.util.concurrent.Future<T> answer, String what, String leaves) {
        try {
            return answer.get(settings.kafkaAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailable("interrupted while Kafka was to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerUnavailable(
                    "Kafka did not " + what + " within "
                            + settings.kafkaAckTimeout().toSeconds() + "s; " + leaves,
                    e);
        }
    }

    /** A record read from a dead-letter topic, with the job it holds when it decodes as one. */
    private record Scanned(ConsumerRecord<String, byte[]> record, CompletionRequest job) {

        String coordinates() {
            return record.topic() + "-" + record.partition() + "@" + record.offset();
        }

        Letter letter(boolean redriven) {
            return new Letter(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    job == null ? null : job.getTenantId(),
                    DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)
                            .orElse(null),
                    DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.ERROR_TYPE)
                            .orElse(null),
                    DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.ERROR_MESSAGE)
                            .orElse(null),
                    Instant.ofEpochMilli(record.timestamp()),
                    redriven);
        }
    }

    private record Scan(List<Scanned> records, boolean more) {}

    /**
     * Reads {@code topic} from its start, from the first record at or after {@code from}, or (with
     * {@code tail} above 0) the last {@code tail} records of each partition, up to the end offsets it
     * saw when it began; keeps at most {@code max} matching records.
     */
    private Scan scan(
            String topic, Instant from, int tail, Predicate<ConsumerRecord<String, byte[]>> matches, int max) {
        List<Scanned> found = new ArrayList<>();
        boolean more = false;
        long deadline = System.nanoTime() + settings.redrive().scanTimeout().toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer();
                AvroKafkaDeserializer<Object> avro = avro()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                consumer.seek(p, tail > 0 ? Math.max(start.get(p), end.get(p) - tail) : start.get(p));
            }
            if (from != null) {
                Map<TopicPartition, Long> times = new HashMap<>();
                partitions.forEach(p -> times.put(p, from.toEpochMilli()));
                consumer.offsetsForTimes(times)
                        .forEach((p, at) -> consumer.seek(p, at == null ? end.get(p) : at.offset()));
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    more = true;
                    break;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition p = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(p) || !matches.test(record)) {
                        continue;
                    }
                    if (found.size() == max) {
                        more = true;
                        break;
                    }
                    found.add(new Scanned(record, decode(avro, record)));
                }
                if (more) {
                    break;
                }
            }
        }
        return new Scan(found, more);
    }

    private static CompletionRequest decode(AvroKafkaDeserializer<Object> avro, ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return avro.deserialize(record.topic(), record.value()) instanceof CompletionRequest job ? job : null;
        } catch (RuntimeException poison) {
            return null; // bytes no reader decodes: re-driven as they are, the job is not known here
        }
    }

    /** Which of these records were re-driven already. */
    private Set<String> redrivenAmong(String topic, List<Scanned> records) {
        if (records.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                        SELECT r.partition, r."offset" FROM intake.redriven_dead_letters r
                        JOIN unnest(:partitions::int[], :offsets::bigint[]) AS s (partition, "offset")
                          ON r.partition = s.partition AND r."offset" = s."offset"
                        WHERE r.topic = :topic
                        """)
                .param("topic", topic)
                .param(
                        "partitions",
                        records.stream().mapToInt(r -> r.record().partition()).toArray())
                .param(
                        "offsets",
                        records.stream().mapToLong(r -> r.record().offset()).toArray())
                .query((rs, row) -> topic + "-" + rs.getInt(1) + "@" + rs.getLong(2))
                .list());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "redrive-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    /** The broker's topics, read once per re-drive. */
    private Set<String> existingTopics() {
        try (Admin client = Admin.create(admin.getConfigurationProperties())) {
            return await(client.listTopics().names(), "list its topics", "nothing was re-driven");
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.PARTITIONER_CLASS_CONFIG); // the bytes are not decoded: by key
        return new KafkaProducer<>(config);
    }

    private AvroKafkaDeserializer<Object> avro() {
        AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(new HashMap<>(kafka.buildConsumerProperties()), false);
        return deserializer;
    }
}
