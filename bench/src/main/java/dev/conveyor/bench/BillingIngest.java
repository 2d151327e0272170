package dev.conveyor.bench;

import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.CachingAvroDatumProvider;
import dev.conveyor.schemas.UsageEvent;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The product segment of billing-ingest: the driver produces the usage events (distinct ones and
 * injected duplicates) to a fresh topic, summing per tenant what the ledger should hold, announces
 * {@code BACKLOG_READY} (bench/run starts the billing consumer then, or with --quick already after
 * {@code API_PORT}, before the events are produced), watches the ledger
 * fill, then checks it: totals per tenant against its own sums, events counted twice, events lost.
 */
final class BillingIngest {

    /** How often the driver looks at the ledger while it fills. */
    private static final long POLL_MILLIS = 50;

    /** The context's jobs are the distinct usage events; its one group is the billing consumer's. */
    record Settings(
            RunContext context,
            LedgerDatabase.Login database,
            int tenants,
            double duplicateRate,
            YearMonth month,
            Duration budget,
            int apiPort,
            Path exportDir) {

        String topic() {
            return context.prefix() + ".usage";
        }

        String group() {
            return context.groups().getFirst();
        }
    }

    /** Where each record sent landed, by sending order. */
    private record Sent(int[] index, int[] partition, long[] offset) {}

    private final Settings settings;
    private final UsageMix mix;
    private final DuplicatePlan plan;

    BillingIngest(Settings settings) {
        this.settings = settings;
        this.mix = new UsageMix(settings.context().prefix(), settings.tenants(), settings.month());
        this.plan = new DuplicatePlan(settings.context().jobs(), settings.duplicateRate());
    }

    ObjectNode run() {
        ObjectNode json = Json.object();
        json.put("segment", "product");
        json.put("topic", settings.topic());
        json.put("events", plan.distinct());
        json.put("duplicates", plan.duplicates());
        json.put("records", plan.records());
        json.put("tenants", settings.tenants());
        json.put("month", settings.month().toString());
        try (Driver driver = new Driver(settings.context())) {
            driver.createTopics(settings.topic());
            Driver.announce("API_PORT=" + settings.apiPort());
            TenantTotals.Expected expected = new TenantTotals.Expected();
            long started = System.nanoTime();
            Sent sent = produce(expected);
            Json.put(json, "backlog_produce_s", (System.nanoTime() - started) / 1e9, 2);
            Instant backlogDone = Instant.now();
            Driver.announce("BACKLOG_READY records=" + plan.records());
            try (Workers consumer = driver.awaitWorkers(1, "the billing consumer");
                    LedgerDatabase ledger = LedgerDatabase.open(settings.database(), "billing")) {
                boolean complete = drain(ledger, consumer, json);
                json.put("mode", complete ? "all" : "window");
                json.put(
                        "backlog_complete_before_first_ingest",
                        !Instant.parse(json.path("first_ingest").asString()).isBefore(backlogDone));
                json.put("consumer_caught_up", awaitCommitted(driver.admin(), sent, consumer));
                audit(driver.admin(), ledger, sent, json);
                check(ledger, expected, json);
                exportSample(expected, json);
                json.put("postgres_synchronous_commit", ledger.setting("synchronous_commit"));
                json.put("postgres_fsync", ledger.setting("fsync"));
                Json.put(json, "consumer_rss_mb", consumer.stats().rssPeakMb(), 1);
                Json.put(json, "heap_max_mb", consumer.stats().heapPeakMb(), 1);
            }
            return driver.write(json);
        }
    }

    /** Sends every record of the plan; sums each distinct event once, when it is first sent. */
    private Sent produce(TenantTotals.Expected expected) {
        int records = plan.records();
        Sent sent = new Sent(new int[records], new int[records], new long[records]);
        AtomicReference<Exception> failure = new AtomicReference<>();
        int[] next = {0, 0}; // next record number, next distinct index
        try (KafkaProducer<String, Object> producer = producer()) {
            plan.forEach(index -> {
                if (failure.get() != null) {
                    return;
                }
                UsageEvent event = mix.event(index, plan.distinct());
                if (index == next[1]) {
                    expected.add(event);
                    next[1]++;
                }
                int k = next[0]++;
                sent.index()[k] = index;
                producer.send(new ProducerRecord<>(settings.topic(), event.getTenantId(), event), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        sent.partition()[k] = metadata.partition();
                        sent.offset()[k] = metadata.offset();
                    }
                });
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not produce the usage events", failure.get());
        }
        return sent;
    }

    /** The driver's producer, with a serializer that does not fingerprint the schema for every record. */
    private KafkaProducer<String, Object> producer() {
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.producerConfig(settings.context().registryUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.context().bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-usage");
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class.getName());
        return new KafkaProducer<>(config);
    }

    /**
     * Watches the ledger until it holds every distinct event (true) or the budget from the first
     * ingest is spent (false). The rate counts distinct events from the first ingest (the start of
     * the first ledger transaction, PostgreSQL's clock) to the moment the driver saw them all
     * (polled every {@value #POLL_MILLIS} ms; same host, same clock).
     */
    private boolean drain(LedgerDatabase ledger, Workers consumer, ObjectNode json) {
        int distinct = plan.distinct();
        long pid = consumer.pids().getFirst();
        Instant firstIngest =
                ledger.awaitFirstIngest(consumer, settings.context().startupTimeout(), POLL_MILLIS);
        Json.put(json, "startup_s", secondsSinceStarted(firstIngest), 2);
        json.put("first_ingest", firstIngest.toString());
        List<Long> sessions = ledger.otherSessions();
        double consumerCpu = CpuTime.seconds(pid);
        double postgresCpu = CpuTime.seconds(sessions);
        Instant budgetEnd = firstIngest.plus(settings.budget());
        while (true) {
            consumer.requireAlive();
            long ingested = ledger.aggregatedRequests();
            Instant seen = Instant.now();
            if (ingested >= distinct) {
                double seconds = Duration.between(firstIngest, seen).toNanos() / 1e9;
                json.put("ingested_in_window", ingested);
                Json.put(json, "ingest_s", seconds, 3);
                Json.put(json, "events_per_s", distinct / seconds, 1);
                Json.put(json, "records_per_s", plan.records() / seconds, 1);
                // CPU per thousand distinct events from the first ingest on: the consumer's JVM and
                // its PostgreSQL sessions (the other processes of the run are not counted).
                Json.put(json, "consumer_cpu_ms_per_1k", (CpuTime.seconds(pid) - consumerCpu) * 1e6 / distinct, 1);
                Json.put(json, "postgres_cpu_ms_per_1k", (CpuTime.seconds(sessions) - postgresCpu) * 1e6 / distinct, 1);
                return true;
            }
            if (seen.isAfter(budgetEnd)) {
                long inWindow = ledger.eventRowsIngestedBefore(budgetEnd);
                json.put("ingested_in_window", inWindow);
                json.put("window_s", settings.budget().toSeconds());
                Json.put(
                        json,
                        "events_per_s",
                        inWindow / (double) settings.budget().toSeconds(),
                        1);
                return false;
            }
            Workers.Pause.millis(POLL_MILLIS);
        }
    }

    /** From bench/run starting the consumer (when it wrote the pid file) to {@code at}; NaN when unknown. */
    private double secondsSinceStarted(Instant at) {
        try {
            Instant started = Files.getLastModifiedTime(settings.context().workerPidFile())
                    .toInstant();
            return Duration.between(started, at).toNanos() / 1e9;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** Waits (at most 30 s) until the consumer group committed every record sent: duplicates processed too. */
    private boolean awaitCommitted(Admin admin, Sent sent, Workers consumer) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (int k = 0; k < sent.index().length; k++) {
            ends.merge(new TopicPartition(settings.topic(), sent.partition()[k]), sent.offset()[k] + 1, Math::max);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && consumer.stats().alive()) {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(admin);
            boolean all = ends.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata at = committed.get(end.getKey());
                return at != null && at.offset() >= end.getValue();
            });
            if (all) {
                return true;
            }
            Workers.Pause.millis(200);
        }
        return false;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) {
        return BenchKafka.get(
                admin.listConsumerGroupOffsets(settings.group()).partitionsToOffsetAndMetadata(),
                "read the committed offsets of " + settings.group());
    }

    /**
     * Lost: a distinct event with a record below its partition's committed offset (the consumer
     * says it is done with it) that the ledger does not hold. Pending: not in the ledger and not
     * committed yet (only when the budget ran out). Unexpected: ledger rows the driver never sent.
     */
    private void audit(Admin admin, LedgerDatabase ledger, Sent sent, ObjectNode json) {
        int distinct = plan.distinct();
        BitSet inLedger = new BitSet(distinct);
        long[] unexpected = {0};
        ledger.forEachJobIndex(index -> {
            if (index >= 0 && index < distinct && !inLedger.get(index)) {
                inLedger.set(index);
            } else {
                unexpected[0]++;
            }
        });
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin);
        BitSet committedEvents = new BitSet(distinct);
        for (int k = 0; k < sent.index().length; k++) {
            OffsetAndMetadata at = committed.get(new TopicPartition(settings.topic(), sent.partition()[k]));
            if (at != null && sent.offset()[k] < at.offset()) {
                committedEvents.set(sent.index()[k]);
            }
        }
        BitSet missing = new BitSet(distinct);
        missing.set(0, distinct);
        missing.andNot(inLedger);
        BitSet lost = (BitSet) missing.clone();
        lost.and(committedEvents);
        json.put("in_ledger", inLedger.cardinality());
        json.put("lost", lost.cardinality());
        json.put("pending_at_end", missing.cardinality() - lost.cardinality());
        json.put("unexpected_rows", unexpected[0]);
    }

    /** Ledger totals per tenant, aggregates and rows both, against the driver's own sums. */
    private void check(LedgerDatabase ledger, TenantTotals.Expected expected, ObjectNode json) {
        Map<String, TenantTotals> want = expected.byTenant();
        Map<String, TenantTotals> aggregates = ledger.aggregateTotals();
        Map<String, TenantTotals> rows = ledger.eventTotals();
        int aggregateMismatches = TenantTotals.mismatches(want, aggregates);
        int rowMismatches = TenantTotals.mismatches(want, rows);
        json.put("exact", aggregateMismatches == 0 && rowMismatches == 0);
        json.put("tenants_mismatched_aggregates", aggregateMismatches);
        json.put("tenants_mismatched_rows", rowMismatches);
        json.put("double_counted", TenantTotals.doubleCounted(want, aggregates));
        json.put("expected_requests", expected.requests());
        json.put(
                "expected_cost_usd",
                want.values().stream()
                        .map(TenantTotals::costUsd)
                        .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)
                        .toPlainString());
    }

    /** The month's bill of the busiest tenant through the product's HTTP API, CSV and JSON, kept as a sample. */
    private void exportSample(TenantTotals.Expected expected, ObjectNode json) {
        String tenant = UsageMix.tenantId(0);
        ObjectNode node = json.putObject("export_sample");
        node.put("tenant", tenant);
        try {
            Files.createDirectories(settings.exportDir());
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + settings.apiPort() + "/v1/exports/" + tenant + "/" + settings.month();
            for (String format : List.of("csv", "json")) {
                HttpResponse<byte[]> response = http.send(
                        HttpRequest.newBuilder(URI.create(base + "." + format))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    node.put("error", format + ": HTTP " + response.statusCode());
                    return;
                }
                Path file = settings.exportDir().resolve(tenant + "-" + settings.month() + "." + format);
                Files.write(file, response.body());
                node.put(format, file.toString());
                if (format.equals("json")) {
                    JsonNode totals = Json.read(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                            .path("totals");
                    TenantTotals want = expected.byTenant().get(tenant);
                    node.put(
                            "status",
                            response.headers().firstValue("X-Statement-Status").orElse(""));
                    node.put(
                            "matches_expected",
                            want != null
                                    && totals.path("requests").asLong() == want.requests()
                                    && totals.path("input_tokens").asLong() == want.inputTokens()
                                    && totals.path("output_tokens").asLong() == want.outputTokens()
                                    && new java.math.BigDecimal(totals.path("amount_usd")
                                                            .asString("-1"))
                                                    .compareTo(want.costUsd())
                                            == 0);
                }
            }
        } catch (IOException | RuntimeException e) {
            node.put("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.put("error", "interrupted");
        }
    }
}
