package dev.conveyor.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class TenantPartitionerTest {

    private static final String TOPIC = "llm.requests";
    private final Cluster cluster = cluster(12);

    @Test
    void aTenantsJobsSpreadOverThreeConsecutivePartitionsOfTheirOwn() {
        TenantPartitioner partitioner = new TenantPartitioner();
        partitioner.configure(Map.of());

        Set<Integer> used = partitionsOf(partitioner, "tenant-a", 1_000);

        assertThat(used).hasSize(3);
        assertThat(IntStream.range(0, 12)
                        .anyMatch(first -> used.equals(Set.of(first, (first + 1) % 12, (first + 2) % 12))))
                .as("consecutive partitions: %s", used)
                .isTrue();
    }

    @Test
    void twoTenantsWhoseStartsAreApartShareNoPartition() {
        TenantPartitioner partitioner = new TenantPartitioner();
        partitioner.configure(Map.of());

        assertThat(partitionsOf(partitioner, "tenant-a", 500))
                .doesNotContainAnyElementsOf(partitionsOf(partitioner, "tenant-c", 500));
    }

    @Test
    void theSpreadIsConfigurableAndTheSameJobAlwaysLandsOnTheSamePartition() {
        TenantPartitioner partitioner = new TenantPartitioner();
        partitioner.configure(Map.of(TenantPartitioner.SPREAD_CONFIG, "5"));

        assertThat(partitionsOf(partitioner, "tenant-a", 1_000)).hasSize(5);
        assertThat(partition(partitioner, "tenant-a", "job-7")).isEqualTo(partition(partitioner, "tenant-a", "job-7"));
        assertThat(TenantPartitioner.partition("tenant-a", "job-7", 2, 5)).isBetween(0, 1);
    }

    @Test
    void otherValuesArePartitionedByKeyAsKafkaDoes() {
        TenantPartitioner partitioner = new TenantPartitioner();
        byte[] key = "tenant-b".getBytes(StandardCharsets.UTF_8);

        int partition = partitioner.partition(TOPIC, "tenant-b", key, "a usage event", null, cluster);

        assertThat(partition).isEqualTo(Utils.toPositive(Utils.murmur2(key)) % 12);
    }

    @Test
    void aSpreadBelowOneFailsNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TenantPartitioner().configure(Map.of(TenantPartitioner.SPREAD_CONFIG, "0")))
                .withMessage("conveyor.partitioner.spread should be greater than 0 (was 0)");
    }

    private Set<Integer> partitionsOf(TenantPartitioner partitioner, String tenant, int jobs) {
        Set<Integer> used = new TreeSet<>();
        IntStream.range(0, jobs).forEach(i -> used.add(partition(partitioner, tenant, tenant + "-job-" + i)));
        return used;
    }

    private int partition(TenantPartitioner partitioner, String tenant, String jobId) {
        CompletionRequest job = CompletionRequest.newBuilder()
                .setJobId(jobId)
                .setTenantId(tenant)
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "hi")))
                .build();
        return partitioner.partition(TOPIC, jobId, jobId.getBytes(StandardCharsets.UTF_8), job, null, cluster);
    }

    private static Cluster cluster(int partitions) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node}))
                .toList();
        return new Cluster("test", List.of(node), infos, Set.of(), Set.of());
    }
}
