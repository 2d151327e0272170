package dev.conveyor.launcher;

import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * A pipeline that joins the running demo ({@code ./pipeline}): {@code produce TENANT TASK_TYPE
 * PROMPT} puts one job on {@code llm.requests} as a pipeline would, straight to Kafka;
 * {@code consume [COUNT]} prints results from {@code llm.results} as a downstream service reads
 * them (from the start of the topic; COUNT results, else until Ctrl-C). Reads {@code
 * KAFKA_BOOTSTRAP_SERVERS} and {@code SCHEMA_REGISTRY_URL}, which the demo prints.
 */
public final class Pipeline {

    private static final String CCOMPAT = "/apis/ccompat/v7";

    private Pipeline() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = required("KAFKA_BOOTSTRAP_SERVERS");
        String registry = nativeApi(required("SCHEMA_REGISTRY_URL"));
        AvroSerdes.trustGeneratedClasses();
        if (args.length >= 4 && args[0].equals("produce")) {
            produce(
                    bootstrap,
                    registry,
                    args[1],
                    args[2],
                    String.join(" ", List.of(args).subList(3, args.length)));
        } else if (args.length >= 1 && args[0].equals("consume")) {
            consume(bootstrap, registry, args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE);
        } else {
            System.err.println(
                    "usage: ./pipeline produce TENANT TASK_TYPE PROMPT...\n       ./pipeline consume [COUNT]");
            System.exit(2);
        }
    }

    private static void produce(String bootstrap, String registry, String tenant, String taskType, String prompt)
            throws Exception {
        CompletionRequest job = CompletionRequest.newBuilder()
                .setJobId("pipeline-" + UUID.randomUUID())
                .setTenantId(tenant)
                .setTaskType(taskType)
                .setMessages(List.of(new ChatMessage("user", prompt)))
                .setMaxTokens(300)
                .setSubmittedAt(Instant.now())
                .build();
        Map<String, Object> config = new HashMap<>(AvroSerdes.producerConfig(registry));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // The broker creates no topic on first use: the router creates llm.requests when it starts.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (var producer = new KafkaProducer<String, Object>(config)) {
            RecordMetadata sent;
            try {
                sent = producer.send(new ProducerRecord<>(Topics.REQUESTS, job.getJobId(), job))
                        .get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TimeoutException) {
                    System.err.println(Topics.REQUESTS + " is not on the broker at " + bootstrap
                            + "; the router creates it when it starts: is the demo running?");
                    System.exit(1);
                }
                throw e;
            }
            System.out.printf(
                    "produced job %s for %s to %s-%d@%d%n",
                    job.getJobId(), tenant, sent.topic(), sent.partition(), sent.offset());
        }
    }

    private static void consume(String bootstrap, String registry, int count) {
        Map<String, Object> config = new HashMap<>(AvroSerdes.consumerConfig(registry));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int seen = 0;
        try (var consumer = new KafkaConsumer<String, Object>(config)) {
            consumer.subscribe(List.of(Topics.RESULTS));
            while (seen < count) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    CompletionResult result = (CompletionResult) record.value();
                    System.out.printf(
                            "%s %s %s %s/%s %s%n",
                            result.getJobId(),
                            result.getTenantId(),
                            result.getStatus(),
                            result.getProvider(),
                            result.getModel(),
                            firstLine(result.getContent() != null ? result.getContent() : result.getErrorMessage()));
                    if (++seen >= count) {
                        break;
                    }
                }
            }
        }
    }

    /** Apicurio's serdes speak its native API; the demo prints the Confluent-compatible one. */
    static String nativeApi(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return trimmed.endsWith(CCOMPAT)
                ? trimmed.substring(0, trimmed.length() - CCOMPAT.length()) + "/apis/registry/v3"
                : trimmed;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println(name + " is not set: export the line ./demo prints");
            System.exit(2);
        }
        return value;
    }

    private static String firstLine(CharSequence text) {
        String line =
                text == null ? "" : text.toString().strip().lines().findFirst().orElse("");
        return line.length() > 90 ? line.substring(0, 87) + "..." : line;
    }
}
