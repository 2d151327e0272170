package dev.conveyor.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads {@code catalog.yml} documents into a {@link Catalog}: the shipped one from the classpath,
 * then an operator's file of the same shape whose entries replace (same provider and id, same
 * chain name) or extend the shipped ones. Every error names its key, e.g.
 * {@code catalog.models[openai/gpt-6-sol].context-window}.
 */
final class CatalogYaml {

    static final String RESOURCE = "catalog.yml";

    private final Map<String, Object> providers = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> models = new LinkedHashMap<>();
    private final Map<String, Object> chains = new LinkedHashMap<>();
    private final Map<String, Object> taskTypes = new LinkedHashMap<>();

    static Catalog read(List<Path> overrides) {
        CatalogYaml yaml = new CatalogYaml();
        try (InputStream in = CatalogYaml.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CatalogException(RESOURCE + " is not on the classpath");
            }
            yaml.merge(new Yaml(new SafeConstructor(new LoaderOptions())).load(in), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : overrides) {
            try (Reader in = Files.newBufferedReader(file)) {
                yaml.merge(new Yaml(new SafeConstructor(new LoaderOptions())).load(in), file.toString());
            } catch (IOException e) {
                throw new CatalogException("conveyor.catalog.file: cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return yaml.build();
    }

    @SuppressWarnings("unchecked")
    private void merge(Object document, String source) {
        if (document == null) {
            return;
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new CatalogException(source + " should be a map with providers, models, chains and task-types");
        }
        for (Object key : root.keySet()) {
            if (!Set.of("providers", "models", "chains", "task-types").contains(key)) {
                throw new CatalogException("catalog." + key + " (in " + source + ") is not a catalog key"
                        + " (known: providers, models, chains, task-types)");
            }
        }
        providers.putAll(map(root.get("providers"), "catalog.providers"));
        chains.putAll(map(root.get("chains"), "catalog.chains"));
        taskTypes.putAll(map(root.get("task-types"), "catalog.task-types"));
        Object list = root.get("models");
        if (list != null) {
            if (!(list instanceof List<?> entries)) {
                throw new CatalogException("catalog.models should be a list");
            }
            for (int i = 0; i < entries.size(); i++) {
                Map<String, Object> m = map(entries.get(i), "catalog.models[" + i + "]");
                String key = text(m, "provider", "catalog.models[" + i + "]") + "/"
                        + text(m, "id", "catalog.models[" + i + "]");
                models.put(key, m);
            }
        }
    }

    private Catalog build() {
        Map<String, Provider> builtProviders = new LinkedHashMap<>();
        providers.forEach((id, value) -> builtProviders.put(id, provider(id, map(value, "catalog.providers." + id))));
        List<Model> builtModels = new ArrayList<>();
        models.forEach((key, m) -> builtModels.add(model("catalog.models[" + key + "]", m)));
        Map<String, Chain> builtChains = new LinkedHashMap<>();
        chains.forEach((name, value) -> builtChains.put(name, chain(name, map(value, "catalog.chains." + name))));
        Map<String, String> builtTaskTypes = new LinkedHashMap<>();
        taskTypes.forEach((task, chain) -> builtTaskTypes.put(task, String.valueOf(chain)));
        return new Catalog(builtProviders, builtModels, builtChains, builtTaskTypes);
    }

    private static Provider provider(String id, Map<String, Object> p) {
        String key = "catalog.providers." + id;
        return new Provider(
                id,
                enumValue(Protocol.class, text(p, "protocol", key), key + ".protocol"),
                bool(p, "local"),
                p.get("pricing-page") == null ? "" : p.get("pricing-page").toString());
    }

    private static Model model(String key, Map<String, Object> m) {
        String id = text(m, "id", key);
        List<Prices> prices = new ArrayList<>();
        Object list = m.get("prices");
        if (!(list instanceof List<?> entries) || entries.isEmpty()) {
            throw new CatalogException(key + ".prices should list at least one price with its effective date"
                    + " (a local model: {effective: …, input: 0, output: 0})");
        }
        for (int i = 0; i < entries.size(); i++) {
            prices.add(prices(key + ".prices[" + i + "]", map(entries.get(i), key + ".prices[" + i + "]")));
        }
        int tier = integer(m, "quality-tier", key, 2);
        require(tier >= 1 && tier <= 5, key + ".quality-tier should be 1 to 5, was " + tier);
        int context = integer(m, "context-window", key, 0);
        require(context > 0, key + ".context-window should be greater than 0");
        int maxOutput = integer(m, "max-output-tokens", key, 0);
        require(maxOutput > 0, key + ".max-output-tokens should be greater than 0");
        require(maxOutput <= context, key + ".max-output-tokens should not exceed context-window");
        return new Model(
                text(m, "provider", key),
                id,
                m.get("wire-id") == null ? id : text(m, "wire-id", key),
                prices,
                context,
                maxOutput,
                strings(m.get("capabilities"), key + ".capabilities"),
                tier,
                duration(m.get("typical-latency"), key + ".typical-latency"),
                m.get("retires") == null ? null : date(m.get("retires"), key + ".retires"),
                bool(m, "fixed-sampling"));
    }

    private static Prices prices(String key, Map<String, Object> p) {
        Map<TokenKind, BigDecimal> perMillion = new EnumMap<>(TokenKind.class);
        for (TokenKind kind : TokenKind.values()) {
            Object value = p.get(kind.key());
            if (value != null) {
                BigDecimal price = decimal(value, key + "." + kind.key());
                require(price.signum() >= 0, key + "." + kind.key() + " should be 0 or more, was " + price);
                perMillion.put(kind, price);
            }
        }
        for (Object name : p.keySet()) {
            require(
                    name.equals("effective")
                            || java.util.Arrays.stream(TokenKind.values())
                                    .anyMatch(k -> k.key().equals(name)),
                    key + "." + name + " is not a price (known: effective, input, output, cached-input, cache-write,"
                            + " cache-write-1h, batch-input, batch-output)");
        }
        require(perMillion.containsKey(TokenKind.INPUT), key + ".input is required (US dollars per 1M tokens)");
        require(perMillion.containsKey(TokenKind.OUTPUT), key + ".output is required (US dollars per 1M tokens)");
        require(p.get("effective") != null, key + ".effective is required (the date the prices took effect)");
        return new Prices(date(p.get("effective"), key + ".effective"), perMillion);
    }

    private static Chain chain(String name, Map<String, Object> c) {
        String key = "catalog.chains." + name;
        Object models = c.get("models");
        return new Chain(
                name,
                enumValue(Strategy.class, text(c, "strategy", key), key + ".strategy"),
                models == null ? List.of() : List.copyOf(strings(models, key + ".models")),
                strings(c.get("capabilities"), key + ".capabilities"),
                integer(c, "min-quality-tier", key, 1),
                integer(c, "max-quality-tier", key, 5),
                integer(c, "min-context-window", key, 0),
                bool(c, "local-only"));
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String name, String key) {
        try {
            return Enum.valueOf(type, name.trim().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> known = java.util.Arrays.stream(type.getEnumConstants())
                    .map(v -> v.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .toList();
            throw new CatalogException(
                    key + ": unknown value '" + name + "' (known: " + String.join(", ", known) + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String key) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new CatalogException(key + " should be a map, was '" + value + "'");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<Object, Object>) value).forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static String text(Map<String, Object> m, String name, String key) {
        Object value = m.get(name);
        require(value != null && !value.toString().isBlank(), key + "." + name + " is required");
        return value.toString().trim();
    }

    private static boolean bool(Map<String, Object> m, String name) {
        return Boolean.TRUE.equals(m.get(name)) || "true".equals(String.valueOf(m.get(name)));
    }

    private static int integer(Map<String, Object> m, String name, String key, int otherwise) {
        Object value = m.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.toString().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new CatalogException(key + "." + name + " should be a whole number, was '" + value + "'");
        }
    }

    private static Set<String> strings(Object value, String key) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new CatalogException(key + " should be a list, was '" + value + "'");
        }
        return new java.util.LinkedHashSet<>(list.stream().map(String::valueOf).toList());
    }

    private static BigDecimal decimal(Object value, String key) {
        try {
            // SnakeYAML reads 0.075 as a double; its shortest decimal form is the literal written.
            return new BigDecimal(value.toString());
        } catch (NumberFormatException e) {
            throw new CatalogException(key + " should be a decimal number of US dollars, was '" + value + "'");
        }
    }

    private static LocalDate date(Object value, String key) {
        if (value instanceof Date date) {
            return date.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        }
        try {
            return LocalDate.parse(value.toString());
        } catch (DateTimeParseException e) {
            throw new CatalogException(key + " should be a date such as 2026-12-03, was '" + value + "'");
        }
    }

    private static Duration duration(Object value, String key) {
        if (value == null) {
            return Duration.ofSeconds(2);
        }
        String text = value.toString().trim();
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new CatalogException(key + " should be a duration such as 800ms or 2.5s, was '" + value + "'");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new CatalogException(message);
        }
    }
}
