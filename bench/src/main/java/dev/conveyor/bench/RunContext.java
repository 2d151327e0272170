package dev.conveyor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the drivers of the router's scenarios ({@code segment}, {@code failover}, {@code
 * rate-limit}) share: the run's topics and consumer groups, the infrastructure and simulator they
 * talk to, the backlog, how long a worker may take to start, the file bench/run writes the
 * worker's process id to, and where the segment's JSON goes. Parsed once from the options
 * {@code --prefix P --group G… --bootstrap B --registry URL --simulator URL --jobs N
 * [--partitions N] [--startup-timeout-s S] --worker-pid-file F --out FILE}.
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
                args.string("simulator"),
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

    /**
     * Audits jobs {@code 0..jobs-1} of this run (job ids prefixed with {@link #prefix}) in its
     * consumer groups and request topic; see {@link Audit#run}.
     */
    Audit.Outcome audit(
            Admin admin, Placements placements, ResultLog results, List<TopicPartition> resultPartitions, int jobs) {
        return new Audit(admin, bootstrap).run(groups, requests(), placements, results, resultPartitions, prefix, jobs);
    }
}
