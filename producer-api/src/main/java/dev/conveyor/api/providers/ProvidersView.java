package dev.conveyor.api.providers;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The router's providers document reshaped for the API: keys in snake case like the rest of the
 * API, models in OpenAI's list shape. Fields are copied, not listed, so what the catalog adds (a
 * price kind, a retirement date) shows without a change here.
 */
final class ProvidersView {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProvidersView() {}

    /** {@code GET /v1/models}: {@code {"object": "list", "data": [{"id", "object": "model", "owned_by", ...}]}}. */
    static ObjectNode models(JsonNode router) {
        ArrayNode data = NODES.arrayNode();
        for (JsonNode provider : router.path("providers")) {
            for (JsonNode model : provider.path("models")) {
                ObjectNode spec = (ObjectNode) snake(model.path("spec"));
                ObjectNode entry = NODES.objectNode();
                entry.put("id", spec.path("model").asString());
                entry.put("object", "model");
                entry.put("created", created(spec.path("prices_effective")));
                entry.put("owned_by", spec.path("provider").asString());
                entry.put("enabled", provider.path("enabled").asBoolean());
                spec.remove("model");
                entry.setAll(spec);
                data.add(entry);
            }
        }
        return list(data);
    }

    /**
     * {@code GET /v1/providers}: each provider, enabled or not, its models with their circuits;
     * operators also see each provider's rate-limit use.
     */
    static ObjectNode providers(JsonNode router, boolean withRateLimits) {
        ArrayNode data = NODES.arrayNode();
        for (JsonNode provider : router.path("providers")) {
            ObjectNode entry = NODES.objectNode();
            entry.put("name", provider.path("name").asString());
            entry.put("kind", provider.path("kind").asString());
            entry.put("enabled", provider.path("enabled").asBoolean());
            ArrayNode models = entry.putArray("models");
            for (JsonNode model : provider.path("models")) {
                ObjectNode m = NODES.objectNode();
                m.put("id", model.path("spec").path("model").asString());
                m.set("circuit", model.path("circuit").isObject() ? snake(model.path("circuit")) : closedNeverCalled());
                for (String observed : new String[] {"latencyMs", "errorRate"}) {
                    if (model.path(observed).isNumber()) {
                        m.set(snakeCase(observed), model.path(observed));
                    }
                }
                models.add(m);
            }
            if (withRateLimits) {
                entry.set("rate_limits", snake(provider.path("rateLimits")));
            }
            data.add(entry);
        }
        return list(data);
    }

    /** The router's health-check report in snake case. */
    static JsonNode healthCheck(JsonNode report) {
        return snake(report);
    }

    /** A model the router has not called yet has no circuit of its own: it is closed. */
    private static ObjectNode closedNeverCalled() {
        ObjectNode circuit = NODES.objectNode();
        circuit.put("state", "CLOSED");
        circuit.put("consecutive_failures", 0);
        circuit.put("failure_rate", 0.0);
        circuit.put("calls_in_window", 0);
        circuit.putNull("last_probe");
        return circuit;
    }

    private static long created(JsonNode date) {
        try {
            return LocalDate.parse(date.asString()).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static ObjectNode list(ArrayNode data) {
        ObjectNode list = NODES.objectNode();
        list.put("object", "list");
        list.set("data", data);
        return list;
    }

    /** A copy with every object key in snake case. */
    static JsonNode snake(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(snakeCase(field.getKey()), snake(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(item -> copy.add(snake(item)));
            return copy;
        }
        return node;
    }

    static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
