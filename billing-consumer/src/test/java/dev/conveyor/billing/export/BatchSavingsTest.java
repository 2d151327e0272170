package dev.conveyor.billing.export;

import static dev.conveyor.billing.UsageEvents.batch;
import static dev.conveyor.billing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.billing.BillingIntegrationTest;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What deferral saved, from the usage topic to the bill: a call through a provider's batch API is
 * billed at its batch cost and saves its list cost less that; an ordinary call saves 0.
 */
class BatchSavingsTest extends BillingIntegrationTest {

    private static final Instant OCT = Instant.parse("2026-10-21T09:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Test
    void batchSavingsFromTheUsageTopicReachTheLedgerTheUsageApiAndTheExportsCountedOnce() {
        String tenant = tenant("batch-savings");
        UsageEvent openAiBatch =
                batch(event(tenant, "openai", "gpt-x", "docs", 1000, 200, 0, "0.001500000", OCT), "0.003000000");
        UsageEvent anthropicBatch =
                batch(event(tenant, "anthropic", "claude-y", "docs", 300, 20, 0, "0.000123457", OCT), "0.000246913");
        UsageEvent ordinary = event(tenant, "openai", "gpt-x", "docs", 1000, 200, 0, "0.004000000", OCT);
        publish(List.of(openAiBatch, anthropicBatch, ordinary, openAiBatch)); // the last one is redelivered
        awaitConsumerCaughtUp();

        assertThat(stored(openAiBatch)).isEqualTo("true 0.001500000");
        assertThat(stored(anthropicBatch)).isEqualTo("true 0.000123456");
        assertThat(stored(ordinary)).isEqualTo("false 0.000000000");
        assertThat(jdbc.sql("SELECT sum(batch_savings_usd) FROM billing.usage_monthly WHERE tenant_id = ?")
                        .param(tenant)
                        .query(BigDecimal.class)
                        .single())
                .isEqualTo(new BigDecimal("0.001623456"));

        // whole months read the monthly aggregates, a day the raw events: both agree
        for (String range : List.of("", "&from=2026-10-01&to=2026-10-31", "&from=2026-10-21&to=2026-10-21")) {
            JsonNode usage = getJson("/v1/usage?tenant=" + tenant + range + "&group_by=model");
            assertThat(usage.get("requests").asLong()).as(range).isEqualTo(3);
            assertThat(usage.get("cost_usd").asString()).as(range).isEqualTo("0.005623457");
            assertThat(usage.get("batch_savings_usd").isString()).as(range).isTrue();
            assertThat(usage.get("batch_savings_usd").asString()).as(range).isEqualTo("0.001623456");
            JsonNode claude = usage.get("groups").get(0);
            JsonNode gpt = usage.get("groups").get(1);
            assertThat(claude.get("key").asString()).isEqualTo("claude-y");
            assertThat(claude.get("batch_savings_usd").asString()).as(range).isEqualTo("0.000123456");
            assertThat(gpt.get("key").asString()).isEqualTo("gpt-x");
            assertThat(gpt.get("requests").asLong()).as(range).isEqualTo(2);
            assertThat(gpt.get("batch_savings_usd").asString()).as(range).isEqualTo("0.001500000");
        }
        JsonNode byDay = getJson("/v1/usage?tenant=" + tenant + "&group_by=day");
        assertThat(byDay.get("groups").get(0).get("batch_savings_usd").asString())
                .isEqualTo("0.001623456");

        JsonNode bill =
                JSON.readTree(get("/v1/exports/" + tenant + "/2026-10.json").body());
        assertThat(bill.get("lines").get(0).get("batch_savings_usd").asString()).isEqualTo("0.000123456");
        assertThat(bill.get("lines").get(1).get("batch_savings_usd").asString()).isEqualTo("0.001500000");
        assertThat(bill.get("totals").get("batch_savings_usd").asString()).isEqualTo("0.001623456");
        assertThat(bill.get("totals").get("amount_usd").asString()).isEqualTo("0.005623457");
        String csv = get("/v1/exports/" + tenant + "/2026-10.csv").body();
        assertThat(csv.lines().toList())
                .startsWith(String.join(",", StatementFormats.CSV_COLUMNS))
                .contains(tenant + ",2026-10,usage,2026-10,openai,gpt-x,docs,2,2000,0,0,400,2.291667,0.005500000,"
                        + "0.001500000")
                .endsWith(tenant + ",2026-10,total,,,,,3,2300,0,0,420,,0.005623457,0.001623456");
        assertThat(StatementFormats.CSV_COLUMNS).endsWith("amount_usd", "batch_savings_usd");
    }

    private String stored(UsageEvent event) {
        return jdbc.sql("SELECT batch_api || ' ' || batch_savings_usd FROM billing.usage_events WHERE event_id = ?")
                .param(event.getEventId())
                .query(String.class)
                .single();
    }
}
