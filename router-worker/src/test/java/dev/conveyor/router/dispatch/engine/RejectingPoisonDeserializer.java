package dev.conveyor.router.dispatch.engine;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads strings, and refuses any value that starts with "poison", as a schema-aware deserializer refuses bad bytes. */
public class RejectingPoisonDeserializer implements Deserializer<String> {

    @Override
    public String deserialize(String topic, byte[] data) {
        String value = data == null ? null : new String(data, StandardCharsets.UTF_8);
        if (value != null && value.startsWith("poison")) {
            throw new SerializationException("cannot decode " + value);
        }
        return value;
    }
}
