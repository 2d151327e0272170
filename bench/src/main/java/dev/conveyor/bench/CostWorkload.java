package dev.conveyor.bench;

import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The reference workload of the {@code cost} scenario (shared/BENCH.md, "The reference workload"),
 * planned once from a fixed seed so every run sends the same jobs: tenants, task types (40%
 * code_analysis, 30% test_generation, 20% documentation, 10% refactoring), prompt sizes (lognormal,
 * 500 to 20,000 tokens of the simulator's four characters a token), one of ten long system prompts
 * (4,000 tokens) for 30% of the jobs, exact repeats of an earlier job of the same tenant for 20%
 * (same messages, system prompt, task type and max tokens: what the router's response cache keys on)
 * and a deadline 36 hours after submission for 40% (beyond the router's deferral horizon).
 *
 * <p>A job's text is made from its own seed when it is sent, so the plan holds numbers only; a
 * repeat is made from the seed of the job it repeats.
 */
final class CostWorkload {

    static final List<String> TASK_TYPES = List.of("code_analysis", "test_generation", "documentation", "refactoring");
    static final double[] TASK_SHARES = {0.4, 0.3, 0.2, 0.1};

    /**
     * The workload's shape; {@link #reference} is BENCH.md's.
     *
     * @param medianPromptTokens the median of the lognormal prompt size (user message)
     * @param promptSigma its shape; sizes outside {@code minPromptTokens..maxPromptTokens} are drawn again
     */
    record Shape(
            int jobs,
            int tenants,
            long seed,
            double repeatShare,
            double systemPromptShare,
            int systemPrompts,
            int systemPromptTokens,
            double deferrableShare,
            Duration deadline,
            int minPromptTokens,
            int maxPromptTokens,
            double medianPromptTokens,
            double promptSigma,
            int maxTokens) {

        static Shape reference(int jobs, long seed) {
            return new Shape(
                    jobs, 20, seed, 0.2, 0.3, 10, 4_000, 0.4, Duration.ofHours(36), 500, 20_000, 2_500, 0.9, 1024);
        }
    }

    /**
     * One planned job.
     *
     * @param systemPrompt which long system prompt it carries, -1 for none
     * @param repeatOf the index of the earlier job it repeats exactly, -1 when it is an original
     * @param deferrable whether it carries a deadline {@link Shape#deadline} after submission
     */
    record Planned(
            int index,
            String tenant,
            String taskType,
            int promptTokens,
            int systemPrompt,
            int repeatOf,
            boolean deferrable) {

        boolean repeat() {
            return repeatOf >= 0;
        }
    }

    private final Shape shape;
    private final List<Planned> plan;
    private final List<String> systemPrompts;

    CostWorkload(Shape shape) {
        this.shape = shape;
        this.plan = plan(shape);
        this.systemPrompts = new ArrayList<>();
        for (int i = 0; i < shape.systemPrompts(); i++) {
            systemPrompts.add(systemPrompt(i, shape.systemPromptTokens()));
        }
    }

    Shape shape() {
        return shape;
    }

    List<Planned> plan() {
        return plan;
    }

    Planned job(int index) {
        return plan.get(index);
    }

    private static List<Planned> plan(Shape shape) {
        Random random = new Random(shape.seed());
        List<Planned> jobs = new ArrayList<>(shape.jobs());
        List<List<Integer>> originalsByTenant = new ArrayList<>();
        for (int t = 0; t < shape.tenants(); t++) {
            originalsByTenant.add(new ArrayList<>());
        }
        for (int i = 0; i < shape.jobs(); i++) {
            int tenant = random.nextInt(shape.tenants());
            boolean deferrable = random.nextDouble() < shape.deferrableShare();
            boolean repeat = random.nextDouble() < shape.repeatShare();
            List<Integer> earlier = originalsByTenant.get(tenant);
            if (repeat && !earlier.isEmpty()) {
                Planned original = jobs.get(earlier.get(random.nextInt(earlier.size())));
                jobs.add(new Planned(
                        i,
                        original.tenant(),
                        original.taskType(),
                        original.promptTokens(),
                        original.systemPrompt(),
                        original.index(),
                        deferrable));
                continue;
            }
            String taskType = taskType(random.nextDouble());
            int tokens = promptTokens(random, shape);
            int systemPrompt =
                    random.nextDouble() < shape.systemPromptShare() ? random.nextInt(shape.systemPrompts()) : -1;
            jobs.add(new Planned(i, tenant(tenant), taskType, tokens, systemPrompt, -1, deferrable));
            earlier.add(i);
        }
        return List.copyOf(jobs);
    }

    static String tenant(int t) {
        return String.format("tenant-%02d", t);
    }

    private static String taskType(double u) {
        double cumulative = 0;
        for (int i = 0; i < TASK_TYPES.size(); i++) {
            cumulative += TASK_SHARES[i];
            if (u < cumulative) {
                return TASK_TYPES.get(i);
            }
        }
        return TASK_TYPES.getLast();
    }

    private static int promptTokens(Random random, Shape shape) {
        while (true) {
            double tokens = shape.medianPromptTokens() * Math.exp(shape.promptSigma() * random.nextGaussian());
            if (tokens >= shape.minPromptTokens() && tokens <= shape.maxPromptTokens()) {
                return (int) Math.round(tokens);
            }
        }
    }

    /** Job {@code index} as sent at {@code submitted}: its id is {@code tag-index} ({@link JobMix#jobId}). */
    CompletionRequest request(String tag, int index, Instant submitted) {
        Planned job = plan.get(index);
        int textOf = job.repeat() ? job.repeatOf() : index;
        CompletionRequest.Builder request = CompletionRequest.newBuilder()
                .setJobId(JobMix.jobId(tag, index))
                .setTenantId(job.tenant())
                .setTaskType(job.taskType())
                .setMessages(List.of(new ChatMessage("user", prompt(job, textOf))))
                .setSystemPrompt(job.systemPrompt() < 0 ? null : systemPrompts.get(job.systemPrompt()))
                .setMaxTokens(shape.maxTokens())
                .setTemperature(0.2)
                .setBatchId("bench-" + tag)
                .setSubmittedAt(submitted)
                .setMetadata(Map.of("source", "bench"));
        if (job.deferrable()) {
            request.setDeadline(submitted.plus(shape.deadline()));
        }
        return request.build();
    }

    private static final String[] TYPES = {
        "OrderService", "CartRepository", "InvoiceMapper", "PaymentGateway", "UserController",
        "InventoryScheduler", "ShippingCalculator", "TokenCache", "AuditLog", "RateTable"
    };
    private static final String[] METHODS = {
        "submit", "findByCustomer", "toDto", "charge", "register", "rebalance", "quote", "evict"
    };

    /**
     * The user message of job {@code textOf} (an original): an instruction naming a class and a
     * method, then Java code until the message counts {@code promptTokens} tokens. The job's index
     * is in its first line, so no two originals ask the same.
     */
    private String prompt(Planned job, int textOf) {
        SplittableRandom random = new SplittableRandom(shape.seed() * 1_000_003L + textOf);
        String type = TYPES[random.nextInt(TYPES.length)];
        String method = METHODS[random.nextInt(METHODS.length)];
        StringBuilder text = new StringBuilder(job.promptTokens() * 4 + 64);
        text.append(
                switch (job.taskType()) {
                    case "code_analysis" -> "Review class " + type + " for thread safety and bugs";
                    case "test_generation" ->
                        "Write JUnit 5 tests for class " + type + " and its method " + method + "()";
                    case "documentation" -> "Write Javadoc for class " + type + " and method " + method + "()";
                    default -> "Refactor class " + type + " so " + method + "() is safe to call from many threads";
                });
        text.append(" (item ")
                .append(textOf)
                .append("):\npublic class ")
                .append(type)
                .append(" {\n");
        int target = job.promptTokens() * 4 - 2;
        int n = 0;
        while (text.length() < target) {
            int a = random.nextInt(1000);
            int b = random.nextInt(1000);
            switch (random.nextInt(4)) {
                case 0 ->
                    text.append("    private long field")
                            .append(a)
                            .append(" = ")
                            .append(b)
                            .append("L;\n");
                case 1 ->
                    text.append("    public long ")
                            .append(n == 0 ? method : method + n)
                            .append("(String key, long amount) {\n        long next = totals.getOrDefault(key, ")
                            .append(a)
                            .append("L) + amount;\n        totals.put(key, next);\n        return next;\n    }\n");
                case 2 ->
                    text.append("    // keeps ")
                            .append(a)
                            .append(" entries at most, ")
                            .append(b)
                            .append(" ms\n");
                default ->
                    text.append("    if (count")
                            .append(a)
                            .append(" > ")
                            .append(b)
                            .append(") { flush(); }\n");
            }
            n++;
        }
        text.setLength(Math.min(text.length(), target));
        return text.append("\n}").toString();
    }

    /** Long system prompt {@code i}: the house rules of a team, {@code tokens} tokens long. */
    private static String systemPrompt(int i, int tokens) {
        StringBuilder text = new StringBuilder(tokens * 4);
        text.append("You are the code assistant of team ").append(i).append(". Follow every house rule below.\n");
        int rule = 1;
        while (text.length() < tokens * 4) {
            text.append("Rule ")
                    .append(i)
                    .append('.')
                    .append(rule)
                    .append(": prefer immutable values, name things for what they mean, and keep method ")
                    .append(rule % 7 + 2)
                    .append(" lines shorter than the last review asked.\n");
            rule++;
        }
        text.setLength(tokens * 4);
        return text.toString();
    }
}
