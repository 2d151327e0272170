package dev.conveyor.billing.reconcile;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** One day's figures of one provider per model and kind, as the ledger or the provider has them. */
final class Figures {

    private final Map<String, Map<Kind, BigDecimal>> byModel = new TreeMap<>();

    void add(String model, Kind kind, BigDecimal value) {
        byModel.computeIfAbsent(model, m -> new TreeMap<>()).merge(kind, value, BigDecimal::add);
    }

    void add(String model, Kind kind, long value) {
        add(model, kind, BigDecimal.valueOf(value));
    }

    BigDecimal get(String model, Kind kind) {
        return byModel.getOrDefault(model, Map.of()).getOrDefault(kind, BigDecimal.ZERO);
    }

    /** Whether any figure of this kind was given for the model (a report may leave costs out). */
    boolean has(String model, Kind kind) {
        return byModel.getOrDefault(model, Map.of()).containsKey(kind);
    }

    java.util.Set<String> models() {
        return byModel.keySet();
    }
}
