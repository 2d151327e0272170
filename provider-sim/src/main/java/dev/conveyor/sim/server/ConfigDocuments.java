package dev.conveyor.sim.server;

import dev.conveyor.sim.SimulatorConfig;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads configuration documents (YAML or JSON) as patches over a base configuration: objects merge key by key, any
 * other value replaces. The extra key {@code allModels} is merged into every configured model.
 */
public final class ConfigDocuments {

    private ConfigDocuments() {}

    public static SimulatorConfig applyJson(SimulatorConfig base, byte[] json) {
        JsonNode patch;
        try {
            patch = Json.tree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("config is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return apply(base, patch);
    }

    public static SimulatorConfig applyYaml(SimulatorConfig base, String yaml) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (document == null) {
            return base;
        }
        if (!(document instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("config must be a mapping at the top level, was: " + document);
        }
        return apply(base, Json.MAPPER.valueToTree(document));
    }

    static SimulatorConfig apply(SimulatorConfig base, JsonNode patch) {
        if (!patch.isObject()) {
            throw new IllegalArgumentException("config must be a JSON/YAML object, was: " + patch);
        }
        var changes = (ObjectNode) patch.deepCopy();
        JsonNode allModels = changes.remove("allModels");
        var merged = (ObjectNode) merge(Json.MAPPER.valueToTree(base), changes);
        if (allModels != null) {
            var models = (ObjectNode) merged.get("models");
            for (String name : models.propertyNames()) {
                models.set(name, merge(models.get(name), allModels));
            }
        }
        try {
            return Json.MAPPER.treeToValue(merged, SimulatorConfig.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid config: " + rootMessage(e), e);
        }
    }

    static JsonNode toJson(SimulatorConfig config) {
        return Json.MAPPER.valueToTree(config);
    }

    private static JsonNode merge(JsonNode base, JsonNode patch) {
        if (base == null || !base.isObject() || !patch.isObject()) {
            return patch.deepCopy();
        }
        var result = (ObjectNode) base.deepCopy();
        for (var property : patch.properties()) {
            result.set(property.getKey(), merge(result.get(property.getKey()), property.getValue()));
        }
        return result;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof IllegalArgumentException ? root.getMessage() : e.getMessage();
    }
}
