package dev.conveyor.billing.export;

import static dev.conveyor.billing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.billing.BillingIntegrationTest;
import dev.conveyor.schemas.UsageEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Prompt-cache writes are a token kind of their own from the usage topic to the bill. */
class CacheWriteTokensTest extends BillingIntegrationTest {

    private static final Instant OCT = Instant.parse("2026-10-20T08:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Test
    void cacheWritesFromTheUsageTopicReachTheLedgerTheUsageApiAndTheExports() {
        String tenant = tenant("cache-write");
        UsageEvent writing = UsageEvent.newBuilder(
                        event(tenant, "anthropic", "claude-sonnet-4-6", "docs", 2100, 40, 0, "0.008310000", OCT))
                .setCacheWriteTokens(1500)
                .setCacheWrite1hTokens(500)
                .build();
        UsageEvent reading =
                event(tenant, "anthropic", "claude-sonnet-4-6", "docs", 2100, 40, 2000, "0.001500000", OCT);
        publish(List.of(writing, reading));
        awaitConsumerCaughtUp();

        assertThat(jdbc.sql("SELECT cache_write_tokens FROM billing.usage_events WHERE event_id = ?")
                        .param(writing.getEventId())
                        .query(Long.class)
                        .single())
                .as("5-minute and 1-hour writes together")
                .isEqualTo(2000);
        assertThat(jdbc.sql("SELECT cache_write_tokens FROM billing.usage_monthly WHERE tenant_id = ?")
                        .param(tenant)
                        .query(Long.class)
                        .single())
                .isEqualTo(2000);

        for (String range : List.of("", "&from=2026-10-01&to=2026-10-31", "&from=2026-10-20&to=2026-10-20")) {
            JsonNode usage = getJson("/v1/usage?tenant=" + tenant + range + "&group_by=model");
            assertThat(usage.get("cache_write_tokens").asLong()).as(range).isEqualTo(2000);
            assertThat(usage.get("cached_input_tokens").asLong()).as(range).isEqualTo(2000);
            assertThat(usage.get("input_tokens").asLong()).as(range).isEqualTo(4200);
            assertThat(usage.get("cost_usd").asString()).as(range).isEqualTo("0.009810000");
            assertThat(usage.get("groups").get(0).get("cache_write_tokens").asLong())
                    .as(range)
                    .isEqualTo(2000);
        }

        JsonNode bill =
                JSON.readTree(get("/v1/exports/" + tenant + "/2026-10.json").body());
        assertThat(bill.get("lines").get(0).get("cache_write_tokens").asLong()).isEqualTo(2000);
        assertThat(bill.get("totals").get("cache_write_tokens").asLong()).isEqualTo(2000);
        String csv = get("/v1/exports/" + tenant + "/2026-10.csv").body();
        assertThat(csv.lines().toList())
                .startsWith(String.join(",", StatementFormats.CSV_COLUMNS))
                .contains(tenant + ",2026-10,usage,2026-10,anthropic,claude-sonnet-4-6,docs,2,4200,2000,2000,80,"
                        + "2.292056,0.009810000,0.000000000")
                .endsWith(tenant + ",2026-10,total,,,,,2,4200,2000,2000,80,,0.009810000,0.000000000");
        assertThat(StatementFormats.CSV_COLUMNS)
                .containsSubsequence("cached_input_tokens", "cache_write_tokens", "output_tokens");
    }
}
