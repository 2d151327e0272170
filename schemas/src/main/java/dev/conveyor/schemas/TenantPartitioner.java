package dev.conveyor.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Puts each tenant's jobs on a few partitions of their own, so that one tenant's backlog does not
 * sit in front of another's in every partition and the router's scheduler can reach both. A tenant
 * starts at the partition its id hashes to and spreads its jobs (by job id) over {@code
 * conveyor.partitioner.spread} consecutive partitions (3 unless set; at most the partition count).
 * The same job id always lands on the same partition, so a retried send stays in order with itself.
 *
 * <p>Set it on a producer with {@code partitioner.class}; {@link AvroSerdes#producerConfig} does.
 * Values that are not a {@link CompletionRequest} are partitioned by key, as Kafka's own default
 * partitioner would.
 */
public final class TenantPartitioner implements Partitioner {

    /** How many partitions one tenant's jobs spread over. */
    public static final String SPREAD_CONFIG = "conveyor.partitioner.spread";

    public static final int DEFAULT_SPREAD = 3;

    private int spread = DEFAULT_SPREAD;

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(SPREAD_CONFIG);
        if (value != null) {
            int parsed = Integer.parseInt(value.toString().trim());
            if (parsed < 1) {
                throw new IllegalArgumentException(SPREAD_CONFIG + " should be greater than 0 (was " + parsed + ")");
            }
            spread = parsed;
        }
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionsForTopic(topic).size();
        if (value instanceof CompletionRequest job) {
            return partition(job.getTenantId(), job.getJobId(), partitions, spread);
        }
        return keyBytes == null ? 0 : Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    /** The partition of a tenant's job among {@code partitions}, spread over {@code spread} of them. */
    public static int partition(String tenantId, String jobId, int partitions, int spread) {
        int first = hash(tenantId) % partitions;
        int width = Math.min(spread, partitions);
        return (first + hash(jobId) % width) % partitions;
    }

    private static int hash(String text) {
        return Utils.toPositive(Utils.murmur2(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {}
}
