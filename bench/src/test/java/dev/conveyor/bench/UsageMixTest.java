package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.schemas.EventIds;
import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UsageMixTest {

    private static final int TOTAL = 20_000;

    private final UsageMix mix = new UsageMix("run-1", 200, YearMonth.of(2026, 10));

    @Test
    void theSameIndexAlwaysGivesAnEqualEvent() {
        assertThat(mix.event(4_321, TOTAL)).isEqualTo(mix.event(4_321, TOTAL));
        assertThat(new UsageMix("run-1", 200, YearMonth.of(2026, 10)).event(7, TOTAL))
                .isEqualTo(mix.event(7, TOTAL));
    }

    @Test
    void everyEventHasItsOwnDeterministicIdAndAJobIdTheDriverReadsBack() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < TOTAL; i++) {
            UsageEvent event = mix.event(i, TOTAL);
            assertThat(ids.add(event.getEventId()))
                    .as("event %d has a new id", i)
                    .isTrue();
            assertThat(JobMix.index(event.getJobId())).isEqualTo(i);
        }
        for (int i = 0; i < 100; i++) {
            UsageEvent event = mix.event(i, TOTAL);
            String provider = event.getCacheHit() ? "cache:" + event.getProvider() : event.getProvider();
            assertThat(IntStream.rangeClosed(0, 4)
                            .mapToObj(attempt -> EventIds.forCall(
                                    event.getTenantId(), event.getJobId(), attempt, provider, event.getModel())))
                    .as("the router's id for a call of this job to this model")
                    .contains(event.getEventId());
        }
    }

    @Test
    void costsAreTheCatalogsExactPricesAtNanoDollarScale() {
        Catalog catalog = Catalog.load();
        for (int i = 0; i < TOTAL; i++) {
            UsageEvent event = mix.event(i, TOTAL);
            assertThat(event.getCostUsd().scale()).isEqualTo(Money.SCALE);
            assertThat(event.getCachedInputTokens()).isBetween(0L, event.getInputTokens());
            Model model = catalog.find(event.getProvider(), event.getModel()).orElseThrow();
            if (event.getCacheHit()) {
                assertThat(event.getCostUsd()).isEqualByComparingTo(BigDecimal.ZERO);
                assertThat(event.getInputTokens() + event.getOutputTokens()).isZero();
            } else {
                assertThat(event.getCostUsd())
                        .isEqualTo(model.cost(
                                Tokens.of(
                                        event.getInputTokens(), event.getCachedInputTokens(), event.getOutputTokens()),
                                LocalDate.ofInstant(event.getTimestamp(), ZoneOffset.UTC)));
            }
        }
        // gpt-4.1: 1,000 uncached input at $2, 1,000 cached at $0.50, 100 output at $8 per million
        Model gpt41 = catalog.find("openai/gpt-4.1").orElseThrow();
        assertThat(gpt41.cost(Tokens.of(2_000, 1_000, 100), LocalDate.of(2026, 10, 1)))
                .isEqualTo(new BigDecimal("0.003300000"));
    }

    @Test
    void theMixSpreadsOverTenantsModelsTaskTypesAndTheMonth() {
        Set<String> tenants = new HashSet<>(), models = new HashSet<>(), tasks = new HashSet<>();
        int cacheHits = 0, failed = 0, cached = 0;
        for (int i = 0; i < TOTAL; i++) {
            UsageEvent event = mix.event(i, TOTAL);
            tenants.add(event.getTenantId());
            models.add(event.getProvider() + "/" + event.getModel());
            tasks.add(event.getTaskType());
            cacheHits += event.getCacheHit() ? 1 : 0;
            failed += event.getStatus().name().equals("FAILED") ? 1 : 0;
            cached += event.getCachedInputTokens() > 0 ? 1 : 0;
            assertThat(event.getTimestamp())
                    .isBetween(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-31T23:59:59.999Z"));
        }
        assertThat(tenants).hasSize(200).contains("tenant-000", "tenant-199");
        assertThat(models)
                .hasSize(7)
                .contains("openai/gpt-4.1-mini", "anthropic/claude-sonnet-5", "google/gemini-3.8-flash");
        for (UsageEvent event : List.of(mix.event(1, TOTAL), mix.event(2, TOTAL), mix.event(3, TOTAL))) {
            assertThat(UsageMix.ROUTES.get(event.getTaskType())).contains(event.getProvider() + "/" + event.getModel());
        }
        assertThat(tasks).containsExactlyInAnyOrderElementsOf(JobMix.TASK_TYPES);
        assertThat(cacheHits).isBetween(TOTAL / 100, TOTAL * 3 / 100);
        assertThat(failed).isBetween(TOTAL / 200, TOTAL * 2 / 100);
        assertThat(cached).isBetween(TOTAL / 5, TOTAL / 2);
    }
}
