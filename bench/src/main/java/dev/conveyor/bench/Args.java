package dev.conveyor.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} command-line options; a key may repeat (see {@link #all}). The drivers' and the baselines'. */
public final class Args {

    private final Map<String, List<String>> values;

    private Args(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Args parse(String[] args, int from) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = from; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option such as --jobs, got '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            values.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[i + 1]);
        }
        return new Args(values);
    }

    public String string(String key) {
        List<String> all = values.get(key);
        if (all == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return all.getLast();
    }

    public String string(String key, String fallback) {
        return values.containsKey(key) ? string(key) : fallback;
    }

    public int integer(String key) {
        return parse(key, string(key));
    }

    public int integer(String key, int fallback) {
        return values.containsKey(key) ? integer(key) : fallback;
    }

    public double decimal(String key, double fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        try {
            return Double.parseDouble(string(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " needs a number, was " + string(key));
        }
    }

    public List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    private static int parse(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " needs a whole number, was " + value);
        }
    }
}
