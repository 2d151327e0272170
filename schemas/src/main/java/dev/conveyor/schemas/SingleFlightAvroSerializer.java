package dev.conveyor.schemas;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Apicurio's Avro serializer, made cheap for many threads and many records:
 *
 * <ul>
 *   <li>The first record of a schema for a topic is serialized alone. The serializer looks the
 *       topic's schema up in the registry (and registers it) on first use, and thousands of jobs in
 *       flight that finish together would otherwise each make that lookup before any of them had
 *       cached the answer.
 *   <li>Later records of that schema for that topic reuse what the first one learned: the bytes
 *       Apicurio put before the Avro body (magic byte and schema id) and a datum writer for the
 *       schema. Apicurio would otherwise compute the schema's fingerprint and resolve it again for
 *       every record. The shortcut is taken only when the first record showed that Apicurio writes
 *       the id in the payload (not in headers) followed by exactly the plain Avro body.
 * </ul>
 */
public class SingleFlightAvroSerializer extends AvroKafkaSerializer<Object> {

    private record Key(String topic, Schema schema) {}

    /** What to write before the Avro body, and the writer of the body; null prefix: no shortcut. */
    private record Learned(byte[] prefix, DatumWriter<Object> writer) {}

    private final Map<Key, Learned> learned = new ConcurrentHashMap<>();
    private final Map<Key, ReentrantLock> firstUse = new ConcurrentHashMap<>();

    @Override
    public byte[] serialize(String topic, Object data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        if (!(data instanceof SpecificRecord record)) {
            return super.serialize(topic, headers, data);
        }
        Key key = new Key(topic, ((GenericContainer) record).getSchema());
        Learned known = learned.get(key);
        if (known == null) {
            ReentrantLock lock = firstUse.computeIfAbsent(key, k -> new ReentrantLock());
            lock.lock();
            try {
                known = learned.get(key);
                if (known == null) {
                    return learnFrom(key, headers, record);
                }
            } finally {
                lock.unlock();
            }
        }
        if (known.prefix() == null) {
            return super.serialize(topic, headers, data);
        }
        return write(known, record);
    }

    /** Whether records of {@code schema} for {@code topic} now skip Apicurio's per-record work. */
    boolean shortcut(String topic, Schema schema) {
        Learned known = learned.get(new Key(topic, schema));
        return known != null && known.prefix() != null;
    }

    private byte[] learnFrom(Key key, Headers headers, SpecificRecord record) {
        RecordHeaders added = new RecordHeaders();
        byte[] bytes = super.serialize(key.topic(), added, record);
        for (var header : added) {
            if (headers != null) {
                headers.add(header);
            }
        }
        DatumWriter<Object> writer = new SpecificDatumWriter<>(key.schema());
        byte[] body = write(new Learned(new byte[0], writer), record);
        boolean payloadId = !added.iterator().hasNext()
                && bytes.length > body.length
                && Arrays.equals(bytes, bytes.length - body.length, bytes.length, body, 0, body.length);
        learned.put(key, new Learned(payloadId ? Arrays.copyOf(bytes, bytes.length - body.length) : null, writer));
        return bytes;
    }

    private static byte[] write(Learned known, Object record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(known.prefix());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            known.writer().write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "could not encode " + record.getClass().getName(), e);
        }
        return out.toByteArray();
    }
}
