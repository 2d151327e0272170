package dev.conveyor.sim.server;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the module: lenient on input enum case, strict on unknown config keys. */
public final class Json {

    // Buffers recycled per thread: the simulator's work runs on a few event-loop threads, and the default shared
    // pool's concurrent deque showed up in profiles of the hot path.
    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .build())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A config patch that leaves a number out means "the default", which records take as 0.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Json() {}

    public static byte[] bytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Writes a document with the streaming generator: on hot paths, several times cheaper than building a tree. */
    public static byte[] write(Consumer<JsonGenerator> document) {
        var out = new ByteArrayOutputStream(1024);
        try (var generator = MAPPER.createGenerator(out)) {
            document.accept(generator);
        }
        return out.toByteArray();
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonNode tree(byte[] body) {
        return MAPPER.readTree(body);
    }
}
