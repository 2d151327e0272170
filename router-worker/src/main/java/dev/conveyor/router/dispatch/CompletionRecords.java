package dev.conveyor.router.dispatch;

import dev.conveyor.router.batching.Coalescer;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.UsageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finished jobs in {@code routing.completions}, kept as the exact records that were published.
 * Lookups and saves of concurrent jobs are coalesced into one statement per batch, so thousands of
 * jobs in flight cost a handful of database round trips rather than one each.
 */
class CompletionRecords implements AutoCloseable {

    /** The most jobs one statement reads or writes. */
    static final int MAX_BATCH = 500;

    /** Datum writers keep no state between writes, so one each serves every thread. */
    private static final SpecificDatumWriter<CompletionResult> RESULT_WRITER =
            new SpecificDatumWriter<>(CompletionResult.class);

    private static final SpecificDatumWriter<UsageEvent> USAGE_WRITER = new SpecificDatumWriter<>(UsageEvent.class);

    private final JdbcClient jdbc;
    private final Coalescer<JobKey, Optional<Outcome.Finished>> lookups;
    private final Coalescer<Row, Optional<Outcome.Finished>> saves;

    CompletionRecords(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.lookups = new Coalescer<>("completion-lookup", MAX_BATCH, 2, meters, this::findAll);
        this.saves = new Coalescer<>("completion-save", MAX_BATCH, 2, meters, this::saveAll);
    }

    /** A job as its tenant names it: job ids are scoped to the tenant, so two tenants may share one. */
    record JobKey(String tenantId, String jobId) {}

    Optional<Outcome.Finished> find(String tenantId, String jobId) {
        return lookUp(tenantId, jobId).await();
    }

    /**
     * Starts looking up the tenant's record of {@code jobId} (another tenant's job under the same id
     * is never found); the caller awaits the answer when it needs it.
     */
    Coalescer.Ticket<Optional<Outcome.Finished>> lookUp(String tenantId, String jobId) {
        return lookups.begin(new JobKey(tenantId, jobId));
    }

    /**
     * Keeps the first outcome recorded for a job and answers the one kept by an earlier delivery,
     * if there was one ({@code empty}: this outcome is the record). Two deliveries of a job may be
     * handled at once (a rebalance, a redelivery while its fallback copy runs); whichever records
     * first is the job's result, and the other publishes that one, so a job never has two
     * different results. The record is encoded on the caller's thread, so the few threads that
     * write batches only write.
     */
    Optional<Outcome.Finished> save(Outcome.Finished outcome) {
        CompletionResult result = outcome.result();
        return saves.call(new Row(
                result.getJobId(),
                result.getTenantId(),
                result.getStatus().name(),
                outcome.deadLetter(),
                encode(result),
                encode(outcome.usage())));
    }

    /**
     * Saves the outcome of a job an operator re-drove from the dead-letter topic ({@code
     * redrivenFrom}, the DLT record it came from): it replaces a FAILED record made before this
     * re-drive, so a second delivery of the re-driven record is answered from it instead of calling
     * again; any other record is kept and answered, as {@link #save} does.
     */
    Optional<Outcome.Finished> saveRedriven(Outcome.Finished outcome, String redrivenFrom) {
        CompletionResult result = outcome.result();
        byte[] encoded = encode(result);
        boolean written = jdbc.sql("""
                        INSERT INTO routing.completions (job_id, tenant_id, status, dead_letter, result, usage, redriven_from)
                        VALUES (:jobId, :tenant, :status, :deadLetter, :result, :usage, :redrivenFrom)
                        ON CONFLICT (tenant_id, job_id) DO UPDATE
                        SET status = EXCLUDED.status, dead_letter = EXCLUDED.dead_letter, result = EXCLUDED.result,
                            usage = EXCLUDED.usage, redriven_from = EXCLUDED.redriven_from, completed_at = now()
                        WHERE completions.status = 'FAILED'
                          AND completions.redriven_from IS DISTINCT FROM EXCLUDED.redriven_from
                        RETURNING job_id
                        """)
                .param("jobId", result.getJobId())
                .param("tenant", result.getTenantId())
                .param("status", result.getStatus().name())
                .param("deadLetter", outcome.deadLetter())
                .param("result", encoded)
                .param("usage", encode(outcome.usage()))
                .param("redrivenFrom", redrivenFrom)
                .query((rs, n) -> Boolean.TRUE)
                .optional()
                .isPresent();
        return written ? Optional.empty() : find(result.getTenantId(), result.getJobId());
    }

    /** A completion record as stored. */
    private record Row(String jobId, String tenant, String status, boolean deadLetter, byte[] result, byte[] usage) {}

    private List<Optional<Outcome.Finished>> findAll(List<JobKey> keys) {
        Map<JobKey, Outcome.Finished> found = new HashMap<>();
        jdbc.sql("""
                        SELECT c.tenant_id, c.job_id, c.dead_letter, c.result, c.usage
                        FROM routing.completions c
                        JOIN unnest(:tenants::text[], :jobIds::text[]) AS k (tenant_id, job_id)
                          ON c.tenant_id = k.tenant_id AND c.job_id = k.job_id
                        """)
                .param("tenants", keys.stream().map(JobKey::tenantId).toArray(String[]::new))
                .param("jobIds", keys.stream().map(JobKey::jobId).toArray(String[]::new))
                .query(rs -> {
                    found.put(
                            new JobKey(rs.getString("tenant_id"), rs.getString("job_id")),
                            new Outcome.Finished(
                                    decodeResult(rs.getBytes("result")),
                                    decodeUsage(rs.getBytes("usage")),
                                    rs.getBoolean("dead_letter")));
                });
        return keys.stream().map(key -> Optional.ofNullable(found.get(key))).toList();
    }

    private List<Optional<Outcome.Finished>> saveAll(List<Row> rows) {
        int n = rows.size();
        String[] jobIds = new String[n];
        String[] tenants = new String[n];
        String[] statuses = new String[n];
        Boolean[] deadLetters = new Boolean[n];
        byte[][] results = new byte[n][];
        byte[][] usages = new byte[n][];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            jobIds[i] = row.jobId();
            tenants[i] = row.tenant();
            statuses[i] = row.status();
            deadLetters[i] = row.deadLetter();
            results[i] = row.result();
            usages[i] = row.usage();
        }
        // RETURNING names the rows this statement wrote; a row it did not write lost to a record
        // already there (read below) or to another row of this batch for the same job (returned).
        Map<JobKey, Outcome.Finished> written = new HashMap<>();
        Map<JobKey, byte[]> writtenBytes = new HashMap<>();
        jdbc.sql("""
                        INSERT INTO routing.completions (job_id, tenant_id, status, dead_letter, result, usage)
                        SELECT * FROM unnest(:jobIds::text[], :tenants::text[], :statuses::text[],
                                             :deadLetters::boolean[], :results::bytea[], :usages::bytea[])
                        ON CONFLICT (tenant_id, job_id) DO NOTHING
                        RETURNING tenant_id, job_id, dead_letter, result, usage
                        """)
                .param("jobIds", jobIds)
                .param("tenants", tenants)
                .param("statuses", statuses)
                .param("deadLetters", deadLetters)
                .param("results", results)
                .param("usages", usages)
                .query(rs -> {
                    JobKey key = new JobKey(rs.getString("tenant_id"), rs.getString("job_id"));
                    byte[] stored = rs.getBytes("result");
                    writtenBytes.put(key, stored);
                    written.put(
                            key,
                            new Outcome.Finished(
                                    decodeResult(stored),
                                    decodeUsage(rs.getBytes("usage")),
                                    rs.getBoolean("dead_letter")));
                });
        List<JobKey> lost = rows.stream()
                .map(row -> new JobKey(row.tenant(), row.jobId()))
                .filter(key -> !written.containsKey(key))
                .distinct()
                .toList();
        Map<JobKey, Outcome.Finished> earlier = new HashMap<>();
        if (!lost.isEmpty()) {
            List<Optional<Outcome.Finished>> found = findAll(lost);
            for (int i = 0; i < lost.size(); i++) {
                int at = i;
                found.get(i).ifPresent(record -> earlier.put(lost.get(at), record));
            }
        }
        List<Optional<Outcome.Finished>> kept = new ArrayList<>(n);
        for (Row row : rows) {
            JobKey key = new JobKey(row.tenant(), row.jobId());
            if (written.containsKey(key)) {
                kept.add(
                        java.util.Arrays.equals(writtenBytes.get(key), row.result())
                                ? Optional.empty()
                                : Optional.of(written.get(key)));
            } else {
                // not written and not found: deleted by retention in between; this outcome stands
                kept.add(Optional.ofNullable(earlier.get(key)));
            }
        }
        return kept;
    }

    @Override
    public void close() {
        lookups.close();
        saves.close();
    }

    private static byte[] encode(CompletionResult result) {
        return write(encoder -> RESULT_WRITER.write(result, encoder));
    }

    private static byte[] encode(List<UsageEvent> usage) {
        return write(encoder -> {
            encoder.writeInt(usage.size());
            for (UsageEvent event : usage) {
                USAGE_WRITER.write(event, encoder);
            }
        });
    }

    private static CompletionResult decodeResult(byte[] bytes) {
        try {
            return new SpecificDatumReader<>(CompletionResult.class).read(null, decoder(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable completion record", e);
        }
    }

    private static List<UsageEvent> decodeUsage(byte[] bytes) {
        try {
            BinaryDecoder decoder = decoder(bytes);
            SpecificDatumReader<UsageEvent> reader = new SpecificDatumReader<>(UsageEvent.class);
            int count = decoder.readInt();
            List<UsageEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                events.add(reader.read(null, decoder));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable completion record", e);
        }
    }

    private interface EncoderAction {
        void write(BinaryEncoder encoder) throws IOException;
    }

    private static byte[] write(EncoderAction action) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            action.write(EncoderFactory.get().directBinaryEncoder(out, null)); // no buffer of its own to fill and flush
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a completion record", e);
        }
    }

    private static BinaryDecoder decoder(byte[] bytes) {
        return DecoderFactory.get().binaryDecoder(bytes, null);
    }
}
