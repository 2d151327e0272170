package dev.conveyor.bench;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.schemas.EventIds;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The usage events of the billing-ingest scenario, as the router writes them: one per provider
 * call, keyed by tenant, with a deterministic event id ({@link EventIds}) and an exact cost by the
 * catalog's prices ({@code catalog.yml}) on the day of the call. Event {@code index} is a pure
 * function of the tag and the index, so a duplicate is the same event built again: identical
 * content, as a redelivered call or a producer retry would carry.
 *
 * <p>The mix: 200 tenants by default, the busiest ten about a third of the calls; the four task
 * types; for each, a chain of catalog models, the first one mostly (86 %) and each
 * fallback less often, a fallback's attempt number counting the failed attempts before it, 3 %
 * retried once more; prompt and output tokens by task type; a third of the calls with cached
 * prompt tokens; 1 % FAILED (content filter, still billed); 2 % answered from the response
 * cache (no tokens, no cost); timestamps spread over one UTC month.
 */
public final class UsageMix {

    private static final Catalog CATALOG = Catalog.load();

    /** Per task type, the chain of catalog models (provider/id) its calls go to, first model first. */
    static final Map<String, List<String>> ROUTES = Map.of(
            "code_analysis",
            List.of("openai/gpt-4.1-mini", "google/gemini-3.8-flash", "anthropic/claude-haiku-4.5", "openai/gpt-4.1"),
            "refactoring",
            List.of(
                    "anthropic/claude-sonnet-5",
                    "openai/gpt-4.1",
                    "google/gemini-3.1-pro-preview",
                    "openai/gpt-4.1-mini"),
            "documentation",
            List.of("openai/gpt-4o-mini", "google/gemini-3.8-flash", "anthropic/claude-haiku-4.5"),
            "test_generation",
            List.of("openai/gpt-4.1-mini", "anthropic/claude-haiku-4.5", "google/gemini-3.8-flash", "openai/gpt-4.1"));

    /** Percent of calls made to each position of a chain: the first model mostly, fallbacks seldom. */
    private static final int[] CHAIN_PERCENT = {86, 9, 4, 1};

    private static final long SEED = 0x5eed_b111_1e57L;

    private final String tag;
    private final int tenants;
    private final Instant monthStart;
    private final long monthMillis;

    /** {@code tag} makes job ids unique per run; {@code month} is the UTC month the calls happen in. */
    public UsageMix(String tag, int tenants, YearMonth month) {
        if (tenants < 1) {
            throw new IllegalArgumentException("tenants should be at least 1, was " + tenants);
        }
        this.tag = tag;
        this.tenants = tenants;
        this.monthStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        this.monthMillis = month.plusMonths(1)
                        .atDay(1)
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC)
                        .toEpochMilli()
                - monthStart.toEpochMilli();
    }

    public static String tenantId(int tenant) {
        return String.format("tenant-%03d", tenant);
    }

    /** Event number {@code index} of {@code total}; the same arguments always give an equal event. */
    public UsageEvent event(int index, int total) {
        SplittableRandom random = new SplittableRandom(SEED ^ (index * 0x9E3779B97F4A7C15L));
        String jobId = JobMix.jobId(tag, index);
        String tenant = tenantId(tenant(random));
        String taskType = JobMix.TASK_TYPES.get(random.nextInt(JobMix.TASK_TYPES.size()));
        int position = chainPosition(taskType, random);
        Model model = model(ROUTES.get(taskType).get(position));
        // Calls spread evenly over the month, in index order, so each tenant's ledger grows over time.
        Instant at = monthStart.plusMillis(monthMillis * index / Math.max(1, total));
        int roll = random.nextInt(100);
        boolean cacheHit = roll < 2;
        // A call to the n-th model of the chain follows n failed attempts; 3% also retried once in place.
        int attempt = position + (roll >= 97 ? 1 : 0);
        JobStatus status = roll == 2 ? JobStatus.FAILED : JobStatus.SUCCEEDED;
        long input = 0, cached = 0, output = 0, latency = 0;
        BigDecimal cost = Money.ZERO;
        if (!cacheHit) {
            input = inputTokens(taskType, random);
            cached = random.nextInt(3) == 0 ? input * (20 + random.nextInt(70)) / 100 : 0;
            output = status == JobStatus.FAILED ? 0 : outputTokens(taskType, random);
            cost = model.cost(Tokens.of(input, cached, output), LocalDate.ofInstant(at, ZoneOffset.UTC));
            latency = 300 + output * (8 + random.nextInt(25)) + random.nextInt(400);
        }
        String provider = cacheHit ? "cache:" + model.provider() : model.provider();
        return UsageEvent.newBuilder()
                .setEventId(EventIds.forCall(tenant, jobId, attempt, provider, model.id()))
                .setJobId(jobId)
                .setTenantId(tenant)
                .setBatchId("bench-" + tag + "-" + tenant)
                .setProvider(model.provider())
                .setModel(model.id())
                .setTaskType(taskType)
                .setInputTokens(input)
                .setOutputTokens(output)
                .setCachedInputTokens(cached)
                .setCostUsd(cost)
                .setCacheHit(cacheHit)
                .setStatus(status)
                .setLatencyMs(latency)
                .setTimestamp(at)
                .build();
    }

    /** The ten busiest tenants share about a third of the calls; the rest are spread evenly. */
    private int tenant(SplittableRandom random) {
        int busy = Math.min(10, tenants);
        if (busy < tenants && random.nextInt(3) != 0) {
            return busy + random.nextInt(tenants - busy);
        }
        return random.nextInt(busy);
    }

    private static int chainPosition(String taskType, SplittableRandom random) {
        int length = ROUTES.get(taskType).size();
        int pick = random.nextInt(100);
        for (int position = 0; position < length - 1; position++) {
            pick -= CHAIN_PERCENT[position];
            if (pick < 0) {
                return position;
            }
        }
        return length - 1;
    }

    private static Model model(String key) {
        return CATALOG.find(key).orElseThrow(() -> new IllegalStateException(key + " is not in the catalog"));
    }

    /** Prompts carry the code under work: larger for analysis and refactoring. */
    private static long inputTokens(String taskType, SplittableRandom random) {
        return switch (taskType) {
            case "code_analysis" -> 600 + random.nextInt(6_000);
            case "refactoring" -> 800 + random.nextInt(5_000);
            case "test_generation" -> 400 + random.nextInt(3_000);
            default -> 300 + random.nextInt(2_500);
        };
    }

    private static long outputTokens(String taskType, SplittableRandom random) {
        return switch (taskType) {
            case "code_analysis" -> 150 + random.nextInt(900);
            case "refactoring" -> 400 + random.nextInt(2_500);
            case "test_generation" -> 500 + random.nextInt(3_000);
            default -> 200 + random.nextInt(1_200);
        };
    }
}
