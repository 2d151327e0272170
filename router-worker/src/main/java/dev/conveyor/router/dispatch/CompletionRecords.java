package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.UsageEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Finished jobs in {@code routing.completions}, kept as the exact records that were published. */
class CompletionRecords {

    private final JdbcClient jdbc;

    CompletionRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Outcome.Finished> find(String jobId) {
        return jdbc.sql("SELECT dead_letter, result, usage FROM routing.completions WHERE job_id = :jobId")
                .param("jobId", jobId)
                .query((rs, row) -> new Outcome.Finished(
                        decodeResult(rs.getBytes("result")),
                        decodeUsage(rs.getBytes("usage")),
                        rs.getBoolean("dead_letter")))
                .optional();
    }

    /** Keeps the first outcome recorded for a job; a later one for the same job is dropped. */
    void save(Outcome.Finished outcome) {
        CompletionResult result = outcome.result();
        jdbc.sql("""
                        INSERT INTO routing.completions (job_id, tenant_id, status, dead_letter, result, usage)
                        VALUES (:jobId, :tenantId, :status, :deadLetter, :result, :usage)
                        ON CONFLICT (job_id) DO NOTHING
                        """)
                .param("jobId", result.getJobId())
                .param("tenantId", result.getTenantId())
                .param("status", result.getStatus().name())
                .param("deadLetter", outcome.deadLetter())
                .param("result", encode(result))
                .param("usage", encode(outcome.usage()))
                .update();
    }

    private static byte[] encode(CompletionResult result) {
        return write(encoder -> new SpecificDatumWriter<>(CompletionResult.class).write(result, encoder));
    }

    private static byte[] encode(List<UsageEvent> usage) {
        SpecificDatumWriter<UsageEvent> writer = new SpecificDatumWriter<>(UsageEvent.class);
        return write(encoder -> {
            encoder.writeInt(usage.size());
            for (UsageEvent event : usage) {
                writer.write(event, encoder);
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
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            action.write(encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a completion record", e);
        }
    }

    private static BinaryDecoder decoder(byte[] bytes) {
        return DecoderFactory.get().binaryDecoder(bytes, null);
    }
}
