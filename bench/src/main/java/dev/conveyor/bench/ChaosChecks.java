package dev.conveyor.bench;

import dev.conveyor.schemas.EventIds;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the chaos driver checks once the load is over (bench/README.md, "chaos": the fields). */
final class ChaosChecks {

    /** Attempt numbers looked up per job and model when attributing the simulator's calls to jobs. */
    private static final int MAX_ATTEMPTS = 12;

    private final Driver driver;
    private final Chaos.Settings settings;

    ChaosChecks(Driver driver, Chaos.Settings settings) {
        this.driver = driver;
        this.settings = settings;
    }

    /** {@code poison_in}, {@code poison_to_dlt} (poison records on the dead-letter topic), each by kind. */
    void poison(Map<Poison.Kind, Integer> sent, ObjectNode json) {
        String dlt = settings.deadLetter();
        Map<Poison.Kind, Integer> dead = new EnumMap<>(Poison.Kind.class);
        int[] jobs = {0};
        Set<String> seen = new HashSet<>();
        if (BenchKafka.get(driver.admin().listTopics().names(), "list topics").contains(dlt)) {
            BenchKafka.readToEnd(driver.admin(), settings.context().bootstrap(), dlt, Duration.ofSeconds(60), r -> {
                Poison.Kind kind = Poison.Kind.of(r.key());
                if (kind == null) {
                    jobs[0]++;
                } else if (seen.add(r.key())) {
                    dead.merge(kind, 1, Integer::sum);
                }
            });
        }
        json.put("poison_in", sent.values().stream().mapToInt(Integer::intValue).sum());
        json.put(
                "poison_to_dlt",
                dead.values().stream().mapToInt(Integer::intValue).sum());
        json.putPOJO("poison_in_by_kind", new TreeMap<>(sent));
        json.putPOJO("poison_to_dlt_by_kind", new TreeMap<>(dead));
        json.put("jobs_to_dlt", jobs[0]);
    }

    /**
     * {@code stuck_partitions}: partitions on which a consumer group of the router or the billing
     * consumer has committed less than the partition's end (its lag is above 0 at the end), over
     * every topic the group has committed on.
     */
    void stuckPartitions(ObjectNode json) {
        List<String> groups = BenchKafka.get(driver.admin().listGroups().all(), "list consumer groups").stream()
                .map(GroupListing::groupId)
                .filter(id -> settings.context().groups().stream().anyMatch(id::startsWith))
                .sorted()
                .toList();
        int stuck = 0;
        ObjectNode lagging = json.putObject("lag_at_end");
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = BenchKafka.get(
                    driver.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                    "read the committed offsets of " + group);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    BenchKafka.get(driver.admin().listOffsets(latest).all(), "read end offsets");
            long lag = 0;
            for (var entry : committed.entrySet()) {
                long behind = ends.get(entry.getKey()).offset()
                        - (entry.getValue() == null ? 0 : entry.getValue().offset());
                if (behind > 0) {
                    stuck++;
                    lag += behind;
                }
            }
            lagging.put(group, lag);
        }
        json.put("stuck_partitions", stuck);
    }

    /**
     * Whether producer-api counts every accepted batch right once its jobs are done: total equal
     * to the jobs sent, completed and failed equal to the results the driver read, status
     * completed (asked for up to 60 s, while producer-api catches up with the results).
     */
    boolean batchCounts(ApiClient api, List<Chaos.Batch> batches, ChaosResults results, ObjectNode json) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int wrong;
        do {
            wrong = 0;
            for (Chaos.Batch batch : batches) {
                JsonNode view = api.batch(batch.key(), batch.id(), Duration.ofSeconds(30));
                int completed = 0, failed = 0;
                for (int n = 1; n <= batch.size(); n++) {
                    ChaosResults.Outcome o = results.get(batch.id() + "-" + n);
                    if (o != null && o.succeeded()) {
                        completed++;
                    } else if (o != null) {
                        failed++;
                    }
                }
                JsonNode counts = view.path("request_counts");
                boolean right = counts.path("total").asInt() == batch.size()
                        && counts.path("completed").asInt() == completed
                        && counts.path("failed").asInt() == failed
                        && (completed + failed < batch.size()
                                || view.path("status").asString().equals("completed"));
                if (!right) {
                    wrong++;
                }
            }
            if (wrong > 0) {
                Workers.Pause.millis(2000);
            }
        } while (wrong > 0 && System.nanoTime() < deadline);
        json.put("batches_counted_wrong", wrong);
        return wrong == 0 && !batches.isEmpty();
    }

    /**
     * The billing ledger per tenant against what the simulator charged: each successful call the
     * simulator answered is a job's (its request id is the router's {@link EventIds#forCall} of the
     * job, the attempt number and the model), so its tokens belong to the job's tenant. {@code
     * double_billed}: tokens the ledger holds beyond the simulator's, summed over tenants (exact:
     * 0); {@code unbilled_tokens} the other way; {@code tenants_mismatched_cost}: tenants whose
     * ledger cost differs from the cost on their jobs' results.
     */
    void billing(ChaosResults results, ObjectNode json) {
        Map<String, String> tenantByCall = new HashMap<>();
        Set<String> models = new HashSet<>();
        results.all().values().forEach(o -> {
            if (o.provider() != null) {
                models.add(o.provider() + "/" + o.model());
            }
            models.addAll(o.attempts());
        });
        results.all().forEach((jobId, o) -> {
            for (String model : models) {
                int slash = model.indexOf('/');
                for (int n = 0; n < MAX_ATTEMPTS; n++) {
                    tenantByCall.put(
                            EventIds.forCall(jobId, n, model.substring(0, slash), model.substring(slash + 1)),
                            o.tenant());
                }
            }
        });
        Map<String, long[]> charged = new TreeMap<>();
        long unattributed = 0;
        for (Simulator.Charge call : driver.simulator().charges()) {
            if (call.status() != 200) {
                continue;
            }
            String tenant = tenantByCall.get(call.requestId());
            if (tenant == null) {
                unattributed++;
                continue;
            }
            long[] tokens = charged.computeIfAbsent(tenant, t -> new long[2]);
            tokens[0] += call.inputTokens();
            tokens[1] += call.outputTokens();
        }
        Map<String, BigDecimal> resultCost = new HashMap<>();
        results.all().values().forEach(o -> resultCost.merge(o.tenant(), o.costUsd(), BigDecimal::add));
        Map<String, TenantTotals> ledger;
        try (LedgerDatabase db = LedgerDatabase.open(settings.database(), "billing")) {
            ledger = db.aggregateTotals();
        }
        long over = 0, under = 0;
        int tokenMismatches = 0, costMismatches = 0;
        Set<String> tenants = new HashSet<>(charged.keySet());
        tenants.addAll(ledger.keySet());
        for (String tenant : tenants) {
            long[] sim = charged.getOrDefault(tenant, new long[2]);
            TenantTotals billed = ledger.getOrDefault(tenant, TenantTotals.ZERO);
            long diff = billed.inputTokens() + billed.outputTokens() - sim[0] - sim[1];
            over += Math.max(0, diff);
            under += Math.max(0, -diff);
            if (billed.inputTokens() != sim[0] || billed.outputTokens() != sim[1]) {
                tokenMismatches++;
            }
            if (billed.costUsd().compareTo(resultCost.getOrDefault(tenant, BigDecimal.ZERO)) != 0) {
                costMismatches++;
            }
        }
        json.put("double_billed", over);
        json.put("unbilled_tokens", under);
        json.put("tenants_mismatched_tokens", tokenMismatches);
        json.put("tenants_mismatched_cost", costMismatches);
        json.put("simulator_calls_unattributed", unattributed);
    }
}
