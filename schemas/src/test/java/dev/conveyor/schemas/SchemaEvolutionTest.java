package dev.conveyor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.embedded.Infrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** Version 2 of a schema adds one optional field; data flows both ways between the versions. */
class SchemaEvolutionTest {

    private static final Schema V1 = CompletionResult.getClassSchema();
    private static final Schema V2 = withOptionalField(V1, "region");

    @Test
    void version2ReadsDataWrittenWithVersion1() throws IOException {
        CompletionResult written = Samples.result("job-v1");
        byte[] bytes = encode(written);

        GenericRecord read = new GenericDatumReader<GenericRecord>(V1, V2)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));

        assertThat(read.get("region")).isNull();
        assertThat(read.get("jobId").toString()).isEqualTo("job-v1");
        assertThat(read.get("content").toString()).isEqualTo(written.getContent());
    }

    @Test
    void version1ReadsDataWrittenWithVersion2() throws IOException {
        GenericRecord v2Record = new GenericData.Record(V2);
        GenericRecord asGeneric = decodeGeneric(encode(Samples.result("job-v2")), V1);
        for (Schema.Field field : V1.getFields()) {
            v2Record.put(field.name(), asGeneric.get(field.name()));
        }
        v2Record.put("region", "eu-west");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(V2).write(v2Record, encoder);
        encoder.flush();

        GenericRecord read = new GenericDatumReader<GenericRecord>(V2, V1)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(read.getSchema().getField("region")).isNull();
        assertThat(read.get("jobId").toString()).isEqualTo("job-v2");
    }

    @Test
    void avroJudgesTheVersionsCompatibleBothWays() {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(V2, V1).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(V1, V2).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void theRegistryAcceptsVersion2UnderFullCompatibilityAndRefusesARequiredField() throws Exception {
        Infrastructure infra = Infrastructure.shared();
        String subject = infra.registry().ccompatUrl() + "/subjects/evolution-" + UUID.randomUUID();
        HttpClient http = HttpClient.newHttpClient();

        assertThat(send(http, "POST", subject + "/versions", schemaBody(V1)).statusCode())
                .isEqualTo(200);
        String configUrl = subject.replace("/subjects/", "/config/");
        assertThat(send(http, "PUT", configUrl, "{\"compatibility\":\"FULL\"}").statusCode())
                .isEqualTo(200);

        HttpResponse<String> compatible = send(http, "POST", compatibilityUrl(subject), schemaBody(V2));
        assertThat(compatible.body()).contains("\"is_compatible\":true");

        Schema breaking = withRequiredField(V1, "region");
        HttpResponse<String> incompatible = send(http, "POST", compatibilityUrl(subject), schemaBody(breaking));
        assertThat(incompatible.body()).contains("\"is_compatible\":false");
    }

    private static String compatibilityUrl(String subject) {
        return subject.replace("/subjects/", "/compatibility/subjects/") + "/versions/latest";
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String schemaBody(Schema schema) {
        String json = schema.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"schema\":\"" + json + "\"}";
    }

    private static byte[] encode(CompletionResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<CompletionResult>(V1).write(result, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static GenericRecord decodeGeneric(byte[] bytes, Schema schema) throws IOException {
        return new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    private static Schema withOptionalField(Schema base, String name) {
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        return copyWith(base, new Schema.Field(name, optionalString, "added in version 2", JsonProperties.NULL_VALUE));
    }

    private static Schema withRequiredField(Schema base, String name) {
        return copyWith(base, new Schema.Field(name, Schema.create(Schema.Type.STRING), "required, no default"));
    }

    private static Schema copyWith(Schema base, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : base.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }
}
