package dev.conveyor.bench.baseline.rowwise;

import dev.conveyor.bench.Args;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.UsageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The {@code rowwise} baseline of billing-ingest: what a ledger written one event at a time looks
 * like. A plain Kafka consumer reads the usage topic; for each event one transaction inserts it
 * into the product's ledger table ({@code INSERT … ON CONFLICT (event_id) DO NOTHING}), adds it
 * to the monthly aggregate only when the insert really added a row, and commits; the poll's
 * offsets are committed after its events. Same exactly-once idea as the product, no batching.
 * Its tables live in a schema of their own, created by the billing consumer's own ledger migration
 * ({@code V1__ledger.sql}, on the test classpath beside this class), so they have the product's
 * columns, keys and indexes (it does not look up sealed months: a little less work per event than
 * the product does).
 *
 * <pre>
 * RowwiseBillingWorker --bootstrap B --registry URL --group G --topic T
 *                      --jdbc-url U --jdbc-username U --jdbc-password P --schema S
 * </pre>
 */
public final class RowwiseBillingWorker {

    private static final String INSERT_EVENT = """
            INSERT INTO %s.usage_events (event_id, job_id, tenant_id, batch_id, provider, model, task_type,
                input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, status, latency_ms,
                event_time, usage_month, billed_month)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_id) DO NOTHING""";

    private static final String ADD_TO_MONTHLY = """
            INSERT INTO %s.usage_monthly AS m (tenant_id, usage_month, provider, model, task_type,
                requests, input_tokens, output_tokens, cached_input_tokens, cost_usd)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, usage_month, provider, model, task_type) DO UPDATE SET
                requests = m.requests + 1,
                input_tokens = m.input_tokens + EXCLUDED.input_tokens,
                output_tokens = m.output_tokens + EXCLUDED.output_tokens,
                cached_input_tokens = m.cached_input_tokens + EXCLUDED.cached_input_tokens,
                cost_usd = m.cost_usd + EXCLUDED.cost_usd""";

    private RowwiseBillingWorker() {}

    public static void main(String[] args) throws SQLException {
        Args options = Args.parse(args, 0);
        AvroSerdes.trustGeneratedClasses();
        String schema = options.string("schema");
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("--schema should be a plain lower-case identifier");
        }
        Map<String, Object> config = new HashMap<>(AvroSerdes.consumerConfig(options.string("registry")));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.string("bootstrap"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, options.string("group"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (Connection db = DriverManager.getConnection(
                        options.string("jdbc-url"), options.string("jdbc-username"), options.string("jdbc-password"));
                KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
            createTables(db, schema);
            db.setAutoCommit(false);
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                consumer.wakeup();
                try {
                    main.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            consumer.subscribe(List.of(options.string("topic")));
            try (PreparedStatement insert = db.prepareStatement(INSERT_EVENT.formatted(schema));
                    PreparedStatement addToMonthly = db.prepareStatement(ADD_TO_MONTHLY.formatted(schema))) {
                while (true) {
                    ConsumerRecords<String, Object> records = consumer.poll(Duration.ofSeconds(1));
                    for (ConsumerRecord<String, Object> record : records) {
                        recordOne(db, insert, addToMonthly, (UsageEvent) record.value());
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                }
            } catch (WakeupException e) {
                // stopping
            }
        }
    }

    /** One event, one transaction. */
    private static void recordOne(Connection db, PreparedStatement insert, PreparedStatement addToMonthly, UsageEvent e)
            throws SQLException {
        String month = YearMonth.from(e.getTimestamp().atOffset(ZoneOffset.UTC)).toString();
        insert.setString(1, e.getEventId());
        insert.setString(2, e.getJobId());
        insert.setString(3, e.getTenantId());
        insert.setString(4, e.getBatchId());
        insert.setString(5, e.getProvider());
        insert.setString(6, e.getModel());
        insert.setString(7, e.getTaskType());
        insert.setLong(8, e.getInputTokens());
        insert.setLong(9, e.getOutputTokens());
        insert.setLong(10, e.getCachedInputTokens());
        insert.setBigDecimal(11, e.getCostUsd());
        insert.setBoolean(12, e.getCacheHit());
        insert.setString(13, e.getStatus().name());
        insert.setLong(14, e.getLatencyMs());
        insert.setTimestamp(15, Timestamp.from(e.getTimestamp()));
        insert.setString(16, month);
        insert.setString(17, month);
        if (insert.executeUpdate() == 1) {
            addToMonthly.setString(1, e.getTenantId());
            addToMonthly.setString(2, month);
            addToMonthly.setString(3, e.getProvider());
            addToMonthly.setString(4, e.getModel());
            addToMonthly.setString(5, e.getTaskType());
            addToMonthly.setLong(6, e.getInputTokens());
            addToMonthly.setLong(7, e.getOutputTokens());
            addToMonthly.setLong(8, e.getCachedInputTokens());
            addToMonthly.setBigDecimal(9, e.getCostUsd());
            addToMonthly.executeUpdate();
        }
        db.commit();
    }

    /** The billing consumer's ledger migration, copied beside this class by bench's build (bench/pom.xml). */
    static final String LEDGER_MIGRATION = "V1__ledger.sql";

    /**
     * The product's ledger tables, created in {@code schema} by the billing consumer's own V1
     * migration (its {@code usage_events} and {@code usage_monthly}, and the tables this baseline
     * leaves empty), unless the schema has them already.
     */
    private static void createTables(Connection db, String schema) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            try (ResultSet r = s.executeQuery("SELECT to_regclass('" + schema + ".usage_events') IS NOT NULL")) {
                if (r.next() && r.getBoolean(1)) {
                    return;
                }
            }
            s.execute("SET search_path TO " + schema);
            s.execute(ledgerMigration());
            s.execute("RESET search_path");
        }
    }

    /** The text of {@link #LEDGER_MIGRATION}. */
    static String ledgerMigration() {
        try (InputStream in = RowwiseBillingWorker.class.getResourceAsStream(LEDGER_MIGRATION)) {
            if (in == null) {
                throw new IllegalStateException(LEDGER_MIGRATION + " is not on the classpath beside "
                        + RowwiseBillingWorker.class.getName() + " (bench/pom.xml copies it there)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + LEDGER_MIGRATION, e);
        }
    }
}
