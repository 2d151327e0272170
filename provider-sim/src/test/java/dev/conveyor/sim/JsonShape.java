package dev.conveyor.sim;

import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The fields of a JSON document as "path:type" strings, for comparing shapes rather than values. */
final class JsonShape {

    private JsonShape() {}

    static Set<String> of(JsonNode node) {
        var shape = new TreeSet<String>();
        collect(node, "", shape);
        return shape;
    }

    private static void collect(JsonNode node, String path, Set<String> shape) {
        if (node.isObject()) {
            shape.add(path + ":object");
            for (var property : node.properties()) {
                collect(property.getValue(), path + "/" + property.getKey(), shape);
            }
        } else if (node.isArray()) {
            shape.add(path + ":array");
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, shape);
            }
        } else {
            shape.add(path + ":" + type(node));
        }
    }

    /** Null counts as any type: documented examples show null where a value may also appear. */
    private static String type(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        return node.isNumber() ? "number" : node.isBoolean() ? "boolean" : "string";
    }

    /** The fixture's shape, with each null field reduced to its path so any value matches it. */
    static Set<String> required(JsonNode fixture) {
        var required = new TreeSet<String>();
        for (String field : of(fixture)) {
            required.add(field.endsWith(":null") ? field.substring(0, field.lastIndexOf(':')) : field);
        }
        return required;
    }

    /** The answer's shape, plus the bare path of every field, so required null paths match any value. */
    static Set<String> offered(JsonNode answer) {
        var offered = new TreeSet<String>();
        for (String field : of(answer)) {
            offered.add(field);
            offered.add(field.substring(0, field.lastIndexOf(':')));
        }
        return offered;
    }
}
