package dev.conveyor.bench;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * The {@code cost} scenario's arithmetic (bench/README.md, "cost"), apart from the run so it can be
 * tested: what the product paid, what the same jobs cost priced naively, where the difference came
 * from, and whether the billing ledger equals the provider simulator's ledger per tenant.
 *
 * <p>Every price comes from the catalog's one cost function ({@link Model#cost}). A job's naive
 * cost is its result's model called once, synchronously, at list price: the input and output
 * tokens the simulator counted for the call that answered it, priced as INPUT and OUTPUT (no
 * prompt-cache discount, no batch discount). A job answered from the response cache costs naively
 * what the job it repeats cost.
 */
final class CostAccounting {

    /** A job's final result, as far as the accounting needs it. */
    record JobResult(
            boolean succeeded,
            String provider,
            String model,
            boolean cacheHit,
            String errorType,
            boolean changedModel,
            Instant completedAt) {}

    /** What came out of it. */
    record Outcome(
            BigDecimal naiveUsd,
            BigDecimal eventsCostUsd,
            BigDecimal cacheUsd,
            BigDecimal promptCacheUsd,
            BigDecimal batchUsd,
            BigDecimal fallbackUsd,
            int cacheHits,
            int deferredJobs,
            int naiveUnpriced,
            int naiveFromRouterTokens,
            Map<String, BigDecimal> simByTenant,
            BigDecimal simCostUsd,
            int unmatchedSimCalls,
            BigDecimal unmatchedSimCostUsd,
            int batchRequests) {

        BigDecimal otherUsd() {
            return naiveUsd.subtract(eventsCostUsd)
                    .subtract(cacheUsd)
                    .subtract(promptCacheUsd)
                    .subtract(batchUsd)
                    .subtract(fallbackUsd);
        }
    }

    private final Catalog catalog;

    CostAccounting(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param results each job's result by index, null when it has none
     * @param repeatOf the index of the job a job repeats, -1 for an original
     * @param usage the run's usage events, one per event id
     * @param indexOf the job index in a usage event's job id, -1 when it is not the run's
     * @param sim every call in the simulator's ledger
     * @param tenantOfEvent the billing ledger's tenant of each event id
     */
    Outcome account(
            JobResult[] results,
            IntUnaryOperator repeatOf,
            Collection<UsageEvent> usage,
            java.util.function.ToIntFunction<String> indexOf,
            List<Simulator.Billed> sim,
            Map<String, String> tenantOfEvent) {
        Map<String, Simulator.Billed> simByRequest = new HashMap<>();
        for (Simulator.Billed call : sim) {
            if (call.status() == 200) {
                simByRequest.put(call.requestId(), call);
            }
        }
        Map<Integer, List<UsageEvent>> eventsByJob = new HashMap<>();
        BigDecimal eventsCost = BigDecimal.ZERO;
        BigDecimal promptCache = BigDecimal.ZERO;
        BigDecimal batch = BigDecimal.ZERO;
        for (UsageEvent event : usage) {
            eventsCost = eventsCost.add(event.getCostUsd());
            int index = indexOf.applyAsInt(event.getJobId());
            if (index >= 0) {
                eventsByJob.computeIfAbsent(index, i -> new ArrayList<>()).add(event);
            }
            if (event.getCacheHit() || event.getStatus() == JobStatus.FAILED && event.getInputTokens() == 0) {
                continue;
            }
            Model model = model(event.getProvider(), event.getModel());
            BigDecimal plain = plain(model, event.getInputTokens(), event.getOutputTokens(), event.getTimestamp());
            BigDecimal list = event.getBatchApi() ? listCost(model, event) : event.getCostUsd();
            promptCache = promptCache.add(plain.subtract(list));
            if (event.getBatchApi()) {
                batch = batch.add(list.subtract(event.getCostUsd()));
            }
        }

        BigDecimal[] naive = new BigDecimal[results.length];
        int[] unpriced = {0};
        int[] fromRouter = {0};
        int cacheHits = 0;
        int deferred = 0;
        BigDecimal cache = BigDecimal.ZERO;
        BigDecimal fallback = BigDecimal.ZERO;
        BigDecimal naiveSum = BigDecimal.ZERO;
        for (int i = 0; i < results.length; i++) {
            JobResult result = results[i];
            if (result == null || !result.succeeded()) {
                continue;
            }
            BigDecimal cost = naive(i, results, repeatOf, eventsByJob, simByRequest, naive, unpriced, fromRouter, 0);
            naiveSum = naiveSum.add(cost);
            if (result.cacheHit()) {
                cacheHits++;
                cache = cache.add(cost);
                continue;
            }
            Optional<UsageEvent> answering = answering(result, eventsByJob.get(i));
            if (answering.isPresent() && answering.get().getBatchApi()) {
                deferred++;
            }
            if (result.changedModel()) {
                BigDecimal paidPlain = BigDecimal.ZERO;
                for (UsageEvent event : eventsByJob.getOrDefault(i, List.of())) {
                    if (!event.getCacheHit()) {
                        paidPlain = paidPlain.add(plain(
                                model(event.getProvider(), event.getModel()),
                                event.getInputTokens(),
                                event.getOutputTokens(),
                                event.getTimestamp()));
                    }
                }
                fallback = fallback.add(cost.subtract(paidPlain));
            }
        }

        Map<String, BigDecimal> simByTenant = new TreeMap<>();
        BigDecimal simCost = BigDecimal.ZERO;
        BigDecimal unmatchedCost = BigDecimal.ZERO;
        int unmatched = 0;
        int batchRequests = 0;
        for (Simulator.Billed call : sim) {
            if (call.batch()) {
                batchRequests++;
            }
            BigDecimal cost = simCost(call);
            simCost = simCost.add(cost);
            String tenant = tenantOfEvent.get(call.requestId());
            if (tenant == null) {
                if (cost.signum() != 0) {
                    unmatched++;
                    unmatchedCost = unmatchedCost.add(cost);
                }
                continue;
            }
            simByTenant.merge(tenant, cost, BigDecimal::add);
        }
        return new Outcome(
                naiveSum,
                eventsCost,
                cache,
                promptCache,
                batch,
                fallback,
                cacheHits,
                deferred,
                unpriced[0],
                fromRouter[0],
                simByTenant,
                simCost,
                unmatched,
                unmatchedCost,
                batchRequests);
    }

    /** Job {@code i}'s naive cost (memoized in {@code naive}); a cache hit costs what the job it repeats cost. */
    private BigDecimal naive(
            int i,
            JobResult[] results,
            IntUnaryOperator repeatOf,
            Map<Integer, List<UsageEvent>> eventsByJob,
            Map<String, Simulator.Billed> simByRequest,
            BigDecimal[] naive,
            int[] unpriced,
            int[] fromRouter,
            int depth) {
        if (naive[i] != null) {
            return naive[i];
        }
        JobResult result = results[i];
        BigDecimal cost = BigDecimal.ZERO;
        if (result != null && result.succeeded() && result.cacheHit()) {
            int original = repeatOf.applyAsInt(i);
            if (original >= 0 && depth < 3 && results[original] != null && results[original].succeeded()) {
                cost = naive(
                        original, results, repeatOf, eventsByJob, simByRequest, naive, unpriced, fromRouter, depth + 1);
            } else {
                unpriced[0]++;
            }
        } else if (result != null && result.succeeded()) {
            Optional<UsageEvent> answering = answering(result, eventsByJob.get(i));
            if (answering.isEmpty()) {
                unpriced[0]++;
            } else {
                UsageEvent event = answering.get();
                Simulator.Billed call = simByRequest.get(event.getEventId());
                long input = call != null ? call.inputTokens() : event.getInputTokens();
                long output = call != null ? call.outputTokens() : event.getOutputTokens();
                if (call == null) {
                    fromRouter[0]++;
                }
                cost = plain(model(result.provider(), result.model()), input, output, result.completedAt());
            }
        }
        naive[i] = cost;
        return cost;
    }

    /** The usage event of the call that answered the job: on its result's model, paid, the latest such. */
    private static Optional<UsageEvent> answering(JobResult result, List<UsageEvent> events) {
        if (events == null) {
            return Optional.empty();
        }
        return events.stream()
                .filter(e -> !e.getCacheHit())
                .filter(e -> e.getStatus() == JobStatus.SUCCEEDED)
                .filter(e ->
                        e.getModel().equals(result.model()) && e.getProvider().equals(result.provider()))
                .max(java.util.Comparator.comparing(UsageEvent::getTimestamp));
    }

    /** A batch call's tokens at the synchronous list price: the event's {@code listCostUsd}, else priced here. */
    private static BigDecimal listCost(Model model, UsageEvent event) {
        if (event.getListCostUsd() != null) {
            return event.getListCostUsd();
        }
        return model.cost(
                new Tokens(
                        event.getInputTokens(),
                        event.getCachedInputTokens(),
                        event.getCacheWriteTokens(),
                        event.getCacheWrite1hTokens(),
                        event.getOutputTokens(),
                        false),
                day(event.getTimestamp()));
    }

    /** Input and output tokens at the synchronous INPUT and OUTPUT list prices: the naive price of a call. */
    static BigDecimal plain(Model model, long input, long output, Instant at) {
        return model.cost(new Tokens(input, 0, 0, 0, output, false), day(at));
    }

    /** What the simulator charged for a call: its model (by wire id) and tokens, batch calls at batch prices. */
    BigDecimal simCost(Simulator.Billed call) {
        if (call.status() != 200) {
            return BigDecimal.ZERO;
        }
        return catalog.findById(call.model())
                .map(m -> m.cost(
                        new Tokens(
                                call.inputTokens(),
                                call.cachedInputTokens(),
                                call.cacheCreationInputTokens(),
                                0,
                                call.outputTokens(),
                                call.batch()),
                        day(call.time())))
                .orElse(BigDecimal.ZERO);
    }

    private Model model(String provider, String id) {
        return catalog.find(provider, id)
                .orElseThrow(() -> new IllegalStateException(provider + "/" + id + " is not in the catalog"));
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** 1 - cost / naive to three decimals; null without a naive cost. */
    static BigDecimal savings(BigDecimal cost, BigDecimal naive) {
        if (naive.signum() == 0) {
            return null;
        }
        return BigDecimal.ONE
                .subtract(cost.divide(naive, MathContext.DECIMAL64))
                .setScale(3, RoundingMode.HALF_EVEN);
    }

    /** Whether both ledgers hold the same total for every tenant, to the nano-dollar. */
    static boolean sameByTenant(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        java.util.Set<String> tenants = new java.util.TreeSet<>(a.keySet());
        tenants.addAll(b.keySet());
        for (String tenant : tenants) {
            BigDecimal x = a.getOrDefault(tenant, BigDecimal.ZERO);
            BigDecimal y = b.getOrDefault(tenant, BigDecimal.ZERO);
            if (x.compareTo(y) != 0) {
                return false;
            }
        }
        return true;
    }
}
