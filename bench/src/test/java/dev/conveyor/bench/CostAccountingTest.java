package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostAccountingTest {

    private static final Instant AT = Instant.parse("2026-12-04T05:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-12-04");
    private static final Catalog CATALOG = Catalog.load();
    private static final Model TERRA = CATALOG.find("openai/gpt-6.1-terra").orElseThrow();

    private final CostAccounting accounting = new CostAccounting(CATALOG);

    @Test
    void aCacheHitCostsNaivelyWhatTheJobItRepeatsCostAndTheSourcesAddUp() {
        // job 0: synchronous, 4,000 of its 10,000 input tokens read from the prompt cache
        Tokens cached = new Tokens(10_000, 4_000, 0, 0, 500, false);
        UsageEvent first = event("e0", "job-0", "t1", cached, TERRA.cost(cached, DAY), false, null);
        // job 1: through the batch API at batch prices
        Tokens batched = new Tokens(8_000, 0, 0, 0, 400, true);
        BigDecimal batchList = TERRA.cost(new Tokens(8_000, 0, 0, 0, 400, false), DAY);
        UsageEvent second = event("e1", "job-1", "t2", batched, TERRA.cost(batched, DAY), true, batchList);
        // job 2: repeats job 0, answered from the response cache
        UsageEvent hit = UsageEvent.newBuilder(
                        event("e2", "job-2", "t1", new Tokens(0, 0, 0, 0, 0, false), BigDecimal.ZERO, false, null))
                .setCacheHit(true)
                .build();
        CostAccounting.JobResult[] results = {
            result(false), result(false), result(true),
        };
        List<Simulator.Billed> sim = List.of(
                new Simulator.Billed("e0", "gpt-6.1-terra", 200, 10_000, 4_000, 0, 500, false, AT),
                new Simulator.Billed("e1", "gpt-6.1-terra", 200, 8_000, 0, 0, 400, true, AT));

        CostAccounting.Outcome outcome = accounting.account(
                results,
                i -> i == 2 ? 0 : -1,
                List.of(first, second, hit),
                jobId -> JobMix.index(jobId),
                sim,
                Map.of("e0", "t1", "e1", "t2", "e2", "t1"));

        BigDecimal naive0 = TERRA.cost(new Tokens(10_000, 0, 0, 0, 500, false), DAY);
        BigDecimal naive1 = batchList;
        assertThat(outcome.naiveUsd()).isEqualByComparingTo(naive0.add(naive1).add(naive0));
        assertThat(outcome.cacheUsd()).isEqualByComparingTo(naive0);
        assertThat(outcome.promptCacheUsd()).isEqualByComparingTo(naive0.subtract(first.getCostUsd()));
        assertThat(outcome.batchUsd()).isEqualByComparingTo(batchList.subtract(second.getCostUsd()));
        assertThat(outcome.otherUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(outcome.deferredJobs()).isEqualTo(1);
        assertThat(outcome.cacheHits()).isEqualTo(1);
        assertThat(outcome.simByTenant())
                .containsEntry("t1", first.getCostUsd())
                .containsEntry("t2", second.getCostUsd());
        assertThat(outcome.unmatchedSimCalls()).isZero();
    }

    @Test
    void aCallTheLedgerDoesNotKnowIsUnmatched() {
        List<Simulator.Billed> sim =
                List.of(new Simulator.Billed("stray", "gpt-6.1-terra", 200, 1_000, 0, 0, 10, false, AT));

        CostAccounting.Outcome outcome =
                accounting.account(new CostAccounting.JobResult[0], i -> -1, List.of(), JobMix::index, sim, Map.of());

        assertThat(outcome.unmatchedSimCalls()).isEqualTo(1);
        assertThat(outcome.simByTenant()).isEmpty();
    }

    @Test
    void ledgersAgreeOnlyWhenEveryTenantsTotalIsEqual() {
        assertThat(CostAccounting.sameByTenant(
                        Map.of("a", new BigDecimal("1.50")), Map.of("a", new BigDecimal("1.500000000"))))
                .isTrue();
        assertThat(CostAccounting.sameByTenant(
                        Map.of("a", new BigDecimal("1.5")), Map.of("a", new BigDecimal("1.500000001"))))
                .isFalse();
        assertThat(CostAccounting.sameByTenant(Map.of("a", BigDecimal.ONE), Map.of()))
                .isFalse();
        assertThat(CostAccounting.savings(new BigDecimal("6.3"), new BigDecimal("10")))
                .isEqualByComparingTo("0.370");
    }

    private static CostAccounting.JobResult result(boolean cacheHit) {
        return new CostAccounting.JobResult(true, "openai", "gpt-6.1-terra", cacheHit, null, false, AT);
    }

    private static UsageEvent event(
            String id, String job, String tenant, Tokens tokens, BigDecimal cost, boolean batch, BigDecimal list) {
        return UsageEvent.newBuilder()
                .setEventId(id)
                .setJobId(job)
                .setTenantId(tenant)
                .setProvider("openai")
                .setModel("gpt-6.1-terra")
                .setTaskType("test_generation")
                .setInputTokens(tokens.input())
                .setOutputTokens(tokens.output())
                .setCachedInputTokens(tokens.cachedInput())
                .setCostUsd(cost)
                .setBatchApi(batch)
                .setListCostUsd(list)
                .setStatus(JobStatus.SUCCEEDED)
                .setLatencyMs(1)
                .setTimestamp(AT)
                .build();
    }
}
