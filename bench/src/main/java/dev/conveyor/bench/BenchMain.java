package dev.conveyor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The load driver of {@code bench/run} (see bench/README.md).
 *
 * <pre>
 * segment --name N --prefix P --group G… --bootstrap B --registry URL --simulator URL --jobs N --partitions N
 *         --budget-s S --startup-timeout-s S [--probe-s S --probe-fraction F] --worker-pid-file F --out FILE
 * rate-limit --prefix P --group G… --bootstrap B --registry URL --simulator URL --jobs N --partitions N
 *         --window-s S --warm-results N --warmup-windows N --windows N --workers N --kill-one true|false
 *         --limit MODEL=REQUESTS:TOKENS … --route TASK=MODEL … --startup-timeout-s S --worker-pid-file F --out FILE
 * report  --scenario S --quick true|false --out FILE --segment NAME=FILE … --setting KEY=VALUE …
 * </pre>
 *
 * {@code report} prints the scenario's JSON object as its last stdout line.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: BenchMain segment|report --option value …");
            System.exit(2);
        }
        try {
            Args options = Args.parse(args, 1);
            switch (args[0]) {
                case "segment" -> segment(options);
                case "rate-limit" -> rateLimit(options);
                case "report" -> report(options);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void segment(Args args) {
        Segment.Settings settings = new Segment.Settings(
                args.string("name"),
                args.string("prefix"),
                args.all("group"),
                args.string("bootstrap"),
                args.string("registry"),
                args.string("simulator"),
                args.integer("jobs"),
                args.integer("partitions", 12),
                Duration.ofSeconds(args.integer("budget-s")),
                Duration.ofSeconds(args.integer("startup-timeout-s", 180)),
                Duration.ofSeconds(args.integer("probe-s", 0)),
                args.decimal("probe-fraction", 0.5),
                Path.of(args.string("worker-pid-file")),
                Path.of(args.string("out")));
        ObjectNode json = new Segment(settings).run();
        System.out.println(Json.line(json));
    }

    private static void rateLimit(Args args) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (String spec : args.all("route")) {
            int eq = spec.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--route needs TASK=MODEL, was " + spec);
            }
            routes.put(spec.substring(0, eq), spec.substring(eq + 1));
        }
        RateLimitRun.Settings settings = new RateLimitRun.Settings(
                args.string("prefix"),
                args.all("group"),
                args.string("bootstrap"),
                args.string("registry"),
                args.string("simulator"),
                args.integer("jobs"),
                args.integer("partitions", 12),
                Duration.ofSeconds(args.integer("window-s")),
                args.integer("warm-results", 0),
                args.integer("warmup-windows", 1),
                args.integer("windows"),
                args.integer("workers"),
                Boolean.parseBoolean(args.string("kill-one", "false")),
                args.all("limit").stream().map(ProviderLimit::parse).toList(),
                routes,
                Duration.ofSeconds(args.integer("startup-timeout-s", 180)),
                Path.of(args.string("worker-pid-file")),
                Path.of(args.string("out")));
        ObjectNode json = new RateLimitRun(settings).run();
        System.out.println(Json.line(json));
    }

    private static void report(Args args) {
        ObjectNode json = Report.from(args).build();
        Json.write(Path.of(args.string("out")), json);
        System.out.println(Json.line(json));
    }
}
