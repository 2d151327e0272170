package dev.conveyor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a scenario's driver is given by bench/run, parsed once from the options {@code --prefix P
 * --group G… --bootstrap B --registry URL [--simulator URL] --jobs N [--partitions N]
 * [--startup-timeout-s S] --worker-pid-file F --out FILE}: the run's topics (named after the
 * prefix) and the consumer groups of the processes under test, the infrastructure and simulator,
 * the job (or event) count, how long a process may take to start, the file bench/run writes their
 * process ids to, and where the segment's JSON goes.
 */
record RunContext(
        String prefix,
        List<String> groups,
        String bootstrap,
        String registryUrl,
        String simulatorUrl,
        int jobs,
        int partitions,
        Duration startupTimeout,
        Path workerPidFile,
        Path out) {

    static RunContext from(Args args) {
        return new RunContext(
                args.string("prefix"),
                args.all("group"),
                args.string("bootstrap"),
                args.string("registry"),
                args.string("simulator", null),
                args.integer("jobs"),
                args.integer("partitions", 12),
                Duration.ofSeconds(args.integer("startup-timeout-s", 180)),
                Path.of(args.string("worker-pid-file")),
                Path.of(args.string("out")));
    }

    String requests() {
        return prefix + ".requests";
    }

    String results() {
        return prefix + ".results";
    }

    /** A segment's JSON, begun with the fields every driver writes first: segment, prefix, jobs. */
    ObjectNode json(String segment) {
        ObjectNode json = Json.object();
        json.put("segment", segment);
        json.put("prefix", prefix);
        json.put("jobs", jobs);
        return json;
    }
}
