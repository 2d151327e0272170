package dev.conveyor.schemas;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's datum provider with one reader (writer) per schema <em>instance</em>. The default
 * provider finds its cached reader or writer by the schema's parsing fingerprint, which it
 * computes for every record (normalising the whole schema to text and hashing it): a third of a
 * consumer's CPU at tens of thousands of records per second. The registry client hands out the
 * same {@link Schema} object for a schema id from its own cache, and a generated class has one
 * schema object, so looking up by identity finds the reader or writer without that work; a new
 * schema object (another id, or the client's cache refreshed) simply gets its own from the
 * default provider, as before.
 *
 * <p>Set as {@code apicurio.registry.avro-datum-provider} in a serde's config.
 */
public class CachingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    /** Beyond this many schema objects the cache starts over (each costs a fingerprint once). */
    static final int MAX_SCHEMAS = 256;

    private final Map<Identity, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final Map<Identity, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        DatumReader<T> reader = readers.get(new Identity(schema));
        if (reader == null) {
            if (readers.size() >= MAX_SCHEMAS) {
                readers.clear();
            }
            reader = super.createDatumReader(schema);
            readers.put(new Identity(schema), reader);
        }
        return reader;
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        if (!(data instanceof SpecificRecord)) {
            return super.createDatumWriter(data, schema);
        }
        DatumWriter<T> writer = specificWriters.get(new Identity(schema));
        if (writer == null) {
            if (specificWriters.size() >= MAX_SCHEMAS) {
                specificWriters.clear();
            }
            writer = super.createDatumWriter(data, schema);
            specificWriters.put(new Identity(schema), writer);
        }
        return writer;
    }

    /** A schema compared by identity: no structural equals, no hash over the whole schema. */
    private record Identity(Schema schema) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }
}
