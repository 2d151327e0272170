package dev.conveyor.bench;

import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The jobs every segment of a scenario runs: the same deterministic mix of the four task types,
 * twenty tenants and short code prompts, so the product and the baselines do the same work. Every
 * prompt names its job's index, so no two jobs are the same request: the product's response cache
 * never answers in the baselines' stead. Job ids are {@code TAG-INDEX}; {@link #index} reads the
 * index back.
 */
public final class JobMix {

    public static final List<String> TASK_TYPES =
            List.of("code_analysis", "test_generation", "documentation", "refactoring");
    static final int TENANTS = 20;

    private static final List<String> CLASSES = List.of(
            "OrderService",
            "CartRepository",
            "InvoiceMapper",
            "PaymentGateway",
            "UserController",
            "InventoryScheduler",
            "ShippingCalculator",
            "TokenCache",
            "AuditLog",
            "RateTable");
    private static final List<String> METHODS =
            List.of("submit", "findByCustomer", "toDto", "charge", "register", "rebalance", "quote", "evict");

    private JobMix() {}

    public static CompletionRequest job(String tag, int index, Instant submittedAt) {
        String taskType = TASK_TYPES.get(index % TASK_TYPES.size());
        String type = CLASSES.get(index % CLASSES.size());
        String method = METHODS.get((index / CLASSES.size()) % METHODS.size());
        return CompletionRequest.newBuilder()
                .setJobId(jobId(tag, index))
                .setTenantId("tenant-" + (index % TENANTS))
                .setTaskType(taskType)
                .setMessages(List.of(new ChatMessage("user", prompt(taskType, type, method, index))))
                .setMaxTokens(maxTokens(index))
                .setTemperature(0.2)
                .setBatchId("bench-" + tag)
                .setSubmittedAt(submittedAt)
                .setMetadata(Map.of("source", "bench"))
                .build();
    }

    /**
     * The mean {@code max_tokens} of jobs {@code 0..jobs-1} per model, when each task type goes to
     * the model {@code modelByTask} names.
     */
    static Map<String, Double> meanMaxTokensByModel(Map<String, String> modelByTask, int jobs) {
        Map<String, long[]> sums = new java.util.TreeMap<>();
        for (int i = 0; i < jobs; i++) {
            String model = modelByTask.get(TASK_TYPES.get(i % TASK_TYPES.size()));
            if (model != null) {
                long[] sum = sums.computeIfAbsent(model, m -> new long[2]);
                sum[0] += maxTokens(i);
                sum[1]++;
            }
        }
        Map<String, Double> means = new java.util.TreeMap<>();
        sums.forEach((model, sum) -> means.put(model, (double) sum[0] / sum[1]));
        return means;
    }

    private static int maxTokens(int index) {
        return index % 2 == 0 ? 256 : 512;
    }

    public static String jobId(String tag, int index) {
        return tag + "-" + index;
    }

    /** The index in a job id made by {@link #jobId}, or -1 for any other id. */
    public static int index(String jobId) {
        int dash = jobId == null ? -1 : jobId.lastIndexOf('-');
        if (dash < 0 || dash == jobId.length() - 1) {
            return -1;
        }
        try {
            return Integer.parseInt(jobId, dash + 1, jobId.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String prompt(String taskType, String type, String method, int index) {
        String code = "// item " + index + "\n"
                + "public class " + type + " {\n"
                + "    private final java.util.Map<String, Long> totals = new java.util.HashMap<>();\n"
                + "    public long " + method + "(String key, long amount) {\n"
                + "        long next = totals.getOrDefault(key, 0L) + amount;\n"
                + "        totals.put(key, next);\n"
                + "        return next;\n"
                + "    }\n"
                + "}\n";
        return switch (taskType) {
            case "code_analysis" -> "Review class " + type + " for thread safety and bugs:\n" + code;
            case "test_generation" ->
                "Write JUnit 5 tests for class " + type + " and its method " + method + "():\n" + code;
            case "documentation" -> "Write Javadoc for class " + type + " and method " + method + "():\n" + code;
            default -> "Refactor class " + type + " so " + method + "() is safe to call from many threads:\n" + code;
        };
    }
}
