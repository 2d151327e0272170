package dev.conveyor.bench;

import dev.conveyor.embedded.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The load driver of {@code bench/run} (see bench/README.md).
 *
 * <pre>
 * segment --name N --prefix P --group G… --bootstrap B --registry URL --simulator URL --jobs N --partitions N
 *         --budget-s S --startup-timeout-s S [--probe-s S --probe-fraction F] --worker-pid-file F
 *         [--worker-metrics-url URL [--jdbc-url U --jdbc-username U --jdbc-password P]] --out FILE
 * billing-ingest --prefix P --group G --bootstrap B --registry URL --jdbc-url U --jdbc-username U
 *         --jdbc-password P --jobs N (distinct events) --tenants N --duplicate-rate R --partitions N --month yyyy-MM
 *         --budget-s S --startup-timeout-s S --worker-pid-file F --export-dir DIR --out FILE
 * billing-rowwise --jdbc-url U --jdbc-username U --jdbc-password P --schema S --events N --window-s S
 *         --startup-timeout-s S --worker-pid-file F --out FILE
 * failover --prefix P --group G… --bootstrap B --registry URL --simulator URL --jobs N --rate R
 *         --outage-from F --outage-to F --primary PROVIDER/MODEL/PROTOCOL --fallback PROVIDER/MODEL/PROTOCOL
 *         --fallback-sim-model JSON --partitions N --startup-timeout-s S --drain-s S --worker-pid-file F --out FILE
 * chaos   --prefix llm --group G… --bootstrap B --registry URL --simulator URL --jobs N --api-port N
 *         --admin-key K --batch-size N --load-s S [--outage-s S --database-stop-s S --broker-stop-s S --router-kills N
 *         --billing-kills N --poison-rate R --seed N] --drain-s S --dead-letter TOPIC --jdbc-url U --jdbc-username U
 *         --jdbc-password P --kills-log F --worker-pid-file F --out FILE
 * report  --scenario S --quick true|false --out FILE --segment NAME=FILE … --setting KEY=VALUE …
 * </pre>
 *
 * {@code report} prints the scenario's JSON object as its last stdout line.
 * rate-limit --prefix P --group G… --bootstrap B --registry URL --simulator URL --jobs N --partitions N
 *         --window-s S --warm-results N --warmup-windows N --windows N --workers N --kill-one true|false
 *         --limit MODEL=REQUESTS:TOKENS … --route TASK=MODEL … --startup-timeout-s S --worker-pid-file F --out FILE
 * cost   --seed N --workers N --repeat-delay-ms N --budget-s S --stall-timeout-s S --batch-delay-ms N
 *         --usage-topic T --api-key K --jdbc-url U --jdbc-username U --jdbc-password P [--billing-schema S] and the
 *         run context's options; exits 1 after printing its JSON when a job was lost or the ledgers differ
 * budget --segment NAME --workers N --tenant T --budget-usd D --task-type T --billing-url URL [--drain-timeout-s S] and the
 *         run context's options (see RunContext)
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
                case "billing-ingest" -> billingIngest(options);
                case "billing-rowwise" -> billingRowwise(options);
                case "failover" -> failover(options);
                case "rate-limit" -> rateLimit(options);
                case "budget" -> budget(options);
                case "chaos" -> chaos(options);
                case "fairness" -> fairness(options);
                case "cost" -> cost(options);
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
                RunContext.from(args),
                Duration.ofSeconds(args.integer("budget-s")),
                Duration.ofSeconds(args.integer("probe-s", 0)),
                args.decimal("probe-fraction", 0.5),
                args.string("worker-metrics-url", null),
                args.string("jdbc-url", null) == null ? null : database(args));
        ObjectNode json = new Segment(settings).run();
        System.out.println(Json.line(json));
    }

    private static void billingIngest(Args args) {
        BillingIngest.Settings settings = new BillingIngest.Settings(
                RunContext.from(args),
                database(args),
                args.integer("tenants", 200),
                args.decimal("duplicate-rate", 0.05),
                YearMonth.parse(args.string("month")),
                Duration.ofSeconds(args.integer("budget-s")),
                Ports.free(),
                Path.of(args.string("export-dir")));
        System.out.println(Json.line(new BillingIngest(settings).run()));
    }

    private static void billingRowwise(Args args) {
        RowwiseWindow.Settings settings = new RowwiseWindow.Settings(
                database(args),
                args.string("schema"),
                args.integer("events"),
                Duration.ofSeconds(args.integer("window-s")),
                Duration.ofSeconds(args.integer("startup-timeout-s", 180)),
                Path.of(args.string("worker-pid-file")),
                Path.of(args.string("out")));
        System.out.println(Json.line(new RowwiseWindow(settings).run()));
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
                RunContext.from(args),
                Duration.ofSeconds(args.integer("window-s")),
                args.integer("warm-results", 0),
                args.integer("warmup-windows", 1),
                args.integer("windows"),
                args.integer("workers"),
                Boolean.parseBoolean(args.string("kill-one", "false")),
                args.all("limit").stream().map(ProviderLimit::parse).toList(),
                routes);
        ObjectNode json = new RateLimitRun(settings).run();
        System.out.println(Json.line(json));
    }

    private static void budget(Args args) {
        BudgetRun.Settings settings = new BudgetRun.Settings(
                RunContext.from(args),
                args.string("segment"),
                args.integer("workers"),
                args.string("tenant"),
                new java.math.BigDecimal(args.string("budget-usd")),
                args.string("task-type"),
                args.string("billing-url"),
                Duration.ofSeconds(args.integer("drain-timeout-s", 900)));
        System.out.println(Json.line(new BudgetRun(settings).run()));
    }

    private static void cost(Args args) {
        CostRun.Settings settings = new CostRun.Settings(
                RunContext.from(args),
                Long.parseLong(args.string("seed", "19")),
                args.integer("workers", 1),
                Duration.ofMillis(args.integer("repeat-delay-ms", 2000)),
                Duration.ofSeconds(args.integer("budget-s")),
                Duration.ofSeconds(args.integer("stall-timeout-s", 120)),
                args.integer("batch-delay-ms"),
                args.string("usage-topic"),
                args.string("api-key"),
                database(args),
                args.string("billing-schema", "billing"));
        ObjectNode json = new CostRun(settings).run();
        System.out.println(Json.line(json));
        if (CostRun.failed(json)) {
            System.out.flush();
            System.err.println(
                    "bench: cost failed its promises: lost " + json.path("lost").asInt() + ", exact "
                            + json.path("exact").asBoolean());
            System.exit(1);
        }
    }

    private static void failover(Args args) {
        Failover.Settings settings = new Failover.Settings(
                RunContext.from(args),
                Ports.free(),
                args.decimal("rate", 40),
                args.decimal("outage-from", 0.3),
                args.decimal("outage-to", 0.7),
                model(args.string("primary")),
                model(args.string("fallback")),
                model(args.string("fallback")).model(),
                args.string("fallback-sim-model"),
                Duration.ofSeconds(args.integer("drain-s", 60)));
        System.out.println(Json.line(new Failover(settings).run()));
    }

    private static void chaos(Args args) {
        Chaos.Settings settings = new Chaos.Settings(
                RunContext.from(args),
                args.integer("api-port"),
                args.string("admin-key"),
                args.integer("api-tenants", 4),
                args.integer("batch-size"),
                args.decimal("poison-rate", 0.005),
                Duration.ofSeconds(args.integer("load-s")),
                Duration.ofSeconds(args.integer("outage-s", 30)),
                Duration.ofSeconds(args.integer("database-stop-s", 10)),
                Duration.ofSeconds(args.integer("broker-stop-s", 0)),
                args.integer("routers", 3),
                args.integer("router-kills", 4),
                args.integer("billing-kills", 2),
                Duration.ofSeconds(args.integer("drain-s", 300)),
                args.string("dead-letter"),
                database(args),
                Path.of(args.string("kills-log")),
                args.integer("seed", 20));
        System.out.println(Json.line(new Chaos(settings).run()));
    }

    private static void fairness(Args args) {
        Fairness.Settings settings = new Fairness.Settings(
                RunContext.from(args),
                args.string("name"),
                args.integer("a-jobs"),
                args.integer("c-jobs"),
                args.integer("b-jobs"),
                args.integer("doomed", 0),
                Duration.ofSeconds(args.integer("doomed-window-s", 20)),
                Duration.ofSeconds(args.integer("delay-s", 10)),
                Duration.ofSeconds(args.integer("budget-s")),
                args.integer("latency-ms"),
                args.string("worker-metrics-url", null));
        System.out.println(Json.line(new Fairness(settings).run()));
    }

    /** {@code provider/model/PROTOCOL}: the router's names and the simulator's protocol. */
    private static FailoverAnalysis.Model model(String spec) {
        String[] parts = spec.split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a model is provider/model/PROTOCOL, was " + spec);
        }
        return new FailoverAnalysis.Model(parts[0], parts[1], parts[2]);
    }

    private static LedgerDatabase.Login database(Args args) {
        return new LedgerDatabase.Login(
                args.string("jdbc-url"), args.string("jdbc-username"), args.string("jdbc-password"));
    }

    private static void report(Args args) {
        ObjectNode json = Report.from(args).build();
        Json.write(Path.of(args.string("out")), json);
        System.out.println(Json.line(json));
    }
}
