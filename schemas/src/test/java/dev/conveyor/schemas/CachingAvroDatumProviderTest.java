package dev.conveyor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class CachingAvroDatumProviderTest {

    private final CachingAvroDatumProvider<Object> provider = new CachingAvroDatumProvider<>();

    CachingAvroDatumProviderTest() {
        AvroSerdes.trustGeneratedClasses();
        provider.configure(new AvroSerdeConfig(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true)));
    }

    @Test
    void theSameSchemaObjectGetsTheSameReaderWhichDecodesTheGeneratedClass() throws IOException {
        CompletionResult result = Samples.result("job-3");
        Schema writer = CompletionResult.getClassSchema();

        DatumReader<Object> reader = provider.createDatumReader(writer);

        assertThat(provider.createDatumReader(writer)).isSameAs(reader);
        assertThat(reader.read(null, DecoderFactory.get().binaryDecoder(encode(result), null)))
                .isEqualTo(result);
    }

    @Test
    void anEqualSchemaParsedAgainIsLookedUpByFingerprintAsBefore() throws IOException {
        CompletionResult result = Samples.result("job-4");
        Schema parsedAgain =
                new Schema.Parser().parse(CompletionResult.getClassSchema().toString());

        DatumReader<Object> reader = provider.createDatumReader(parsedAgain);

        assertThat(reader).isSameAs(provider.createDatumReader(CompletionResult.getClassSchema()));
        assertThat(reader.read(null, DecoderFactory.get().binaryDecoder(encode(result), null)))
                .isEqualTo(result);
    }

    @Test
    void startsOverBeyondItsLimitAndKeepsDecoding() {
        for (int i = 0; i <= CachingAvroDatumProvider.MAX_SCHEMAS + 1; i++) {
            Schema copy =
                    new Schema.Parser().parse(CompletionResult.getClassSchema().toString());
            assertThat(provider.createDatumReader(copy)).isNotNull();
        }
        Schema writer = CompletionResult.getClassSchema();
        assertThat(provider.createDatumReader(writer)).isSameAs(provider.createDatumReader(writer));
    }

    @Test
    void aGeneratedClassGetsOneWriterWhichWritesWhatTheReaderReads() throws IOException {
        CompletionResult result = Samples.result("job-5");
        Schema schema = CompletionResult.getClassSchema();

        DatumWriter<Object> writer = provider.createDatumWriter(result, schema);

        assertThat(provider.createDatumWriter(Samples.result("job-6"), schema)).isSameAs(writer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Encoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(result, encoder);
        encoder.flush();
        assertThat(provider.createDatumReader(schema)
                        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null)))
                .isEqualTo(result);
    }

    private static byte[] encode(CompletionResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Encoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(CompletionResult.class).write(result, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
