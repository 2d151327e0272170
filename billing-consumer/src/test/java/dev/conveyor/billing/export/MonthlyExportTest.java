package dev.conveyor.billing.export;

import static dev.conveyor.billing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.billing.BillingIntegrationTest;
import dev.conveyor.billing.ledger.Ledger;
import dev.conveyor.billing.ledger.UsageRecord;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class MonthlyExportTest extends BillingIntegrationTest {

    private static final Instant OCT = Instant.parse("2026-10-15T12:00:00Z");
    private static final Instant NOV = Instant.parse("2026-11-15T12:00:00Z");
    private static final Instant DEC_2 = Instant.parse("2026-12-02T00:00:00Z");

    @Autowired
    Ledger ledger;

    @Autowired
    Exporter exporter;

    @Autowired
    ExportCommand command;

    @Autowired
    JdbcClient jdbc;

    @Test
    void exportHasLineItemsAndTotalsEqualToTheLedger() {
        String tenant = tenant("export");
        append(
                event(tenant, "openai", "gpt-x", "code", 1000, 100, 200, "0.012345678", OCT),
                event(tenant, "openai", "gpt-x", "code", 2000, 300, 0, "0.020000001", OCT),
                event(tenant, "anthropic", "claude-y", "docs", 500, 50, 0, "0.100000000", OCT),
                event(tenant, "openai", "gpt-x", "code", 1, 1, 0, "9.000000000", NOV));

        JsonNode bill =
                JSON.readTree(get("/v1/exports/" + tenant + "/2026-10.json").body());

        assertThat(bill.get("status").asString()).isEqualTo("FINAL");
        assertThat(bill.get("lines")).hasSize(2);
        JsonNode first = bill.get("lines").get(0);
        assertThat(first.get("type").asString()).isEqualTo("usage");
        assertThat(first.get("provider").asString()).isEqualTo("anthropic");
        JsonNode gpt = bill.get("lines").get(1);
        assertThat(gpt.get("requests").asLong()).isEqualTo(2);
        assertThat(gpt.get("input_tokens").asLong()).isEqualTo(3000);
        assertThat(gpt.get("cached_input_tokens").asLong()).isEqualTo(200);
        assertThat(gpt.get("output_tokens").asLong()).isEqualTo(400);
        assertThat(gpt.get("amount_usd").asString()).isEqualTo("0.032345679");
        assertThat(bill.get("totals").get("amount_usd").asString())
                .isEqualTo("0.132345679")
                .isEqualTo(ledgerCost(tenant, "2026-10").toPlainString());

        String csv = get("/v1/exports/" + tenant + "/2026-10.csv").body();
        assertThat(csv.lines().toList())
                .hasSize(4)
                .startsWith(String.join(",", StatementFormats.CSV_COLUMNS))
                .contains(tenant
                        + ",2026-10,usage,2026-10,openai,gpt-x,code,2,3000,200,0,400,9.513435,0.032345679,0.000000000")
                .endsWith(tenant + ",2026-10,total,,,,,3,3500,200,0,450,,0.132345679,0.000000000");
    }

    @Test
    void lateEventForAnExportedMonthIsAnAdjustmentInTheNextExportAndRegenerationIsIdempotent() throws Exception {
        String tenant = tenant("late");
        Path dir = Files.createTempDirectory("exports-");
        append(event(tenant, "sim", "m", "code", 10, 10, 0, "1.000000000", OCT));
        List<Path> october = exporter.exportFinal(tenant, YearMonth.of(2026, 10), dir);
        byte[] csvBefore = Files.readAllBytes(october.get(0));
        byte[] jsonBefore = Files.readAllBytes(october.get(1));

        append(event(tenant, "sim", "m", "code", 5, 5, 0, "0.250000000", OCT)); // arrives late
        append(event(tenant, "sim", "m", "code", 1, 1, 0, "2.000000000", NOV));
        exporter.exportFinal(tenant, YearMonth.of(2026, 10), dir);

        assertThat(Files.readAllBytes(october.get(0))).isEqualTo(csvBefore);
        assertThat(Files.readAllBytes(october.get(1))).isEqualTo(jsonBefore);

        clock.set(DEC_2);
        exporter.exportClosedMonths(); // the scheduled job, after November ended
        Path november = EXPORT_DIR.resolve(tenant).resolve("2026-11.json");
        JsonNode bill = JSON.readTree(Files.readString(november));
        assertThat(bill.get("lines")).hasSize(2);
        assertThat(bill.get("lines").get(1).get("type").asString()).isEqualTo("adjustment");
        assertThat(bill.get("lines").get(1).get("usage_month").asString()).isEqualTo("2026-10");
        assertThat(bill.get("lines").get(1).get("amount_usd").asString()).isEqualTo("0.250000000");
        assertThat(bill.get("totals").get("usage_usd").asString()).isEqualTo("2.000000000");
        assertThat(bill.get("totals").get("adjustments_usd").asString()).isEqualTo("0.250000000");
        assertThat(bill.get("totals").get("amount_usd").asString()).isEqualTo("2.250000000");
        assertThat(EXPORT_DIR.resolve(tenant).resolve("2026-10.csv")).doesNotExist(); // sealed before, not redone
        BigDecimal billed = new BigDecimal("1.000000000")
                .add(new BigDecimal(bill.get("totals").get("amount_usd").asString()));
        assertThat(billed).isEqualTo(ledgerCost(tenant, null));
    }

    @Test
    void runningMonthIsADraftAndDoesNotSealIt() {
        String tenant = tenant("draft");
        clock.set(NOV);
        append(event(tenant, "sim", "m", "code", 1, 1, 0, "0.5", NOV));

        HttpResponse<String> draft = get("/v1/exports/" + tenant + "/2026-11.json");

        assertThat(draft.headers().firstValue("X-Statement-Status")).hasValue("DRAFT");
        assertThat(JSON.readTree(draft.body()).get("totals").get("amount_usd").asString())
                .isEqualTo("0.500000000");
        assertThat(jdbc.sql("SELECT count(*) FROM billing.exports WHERE tenant_id = ?")
                        .param(tenant)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void commandLineExportWritesBothFiles() throws Exception {
        String tenant = tenant("cli");
        Path out = Files.createTempDirectory("cli-exports-");
        append(event(tenant, "sim", "m", "code", 3, 4, 0, "0.7", OCT));

        command.run(
                new DefaultApplicationArguments("--export", "--tenant=" + tenant, "--month=2026-10", "--out=" + out));

        assertThat(command.getExitCode()).isZero();
        assertThat(Files.readString(out.resolve(tenant).resolve("2026-10.csv")))
                .contains(",total,")
                .contains("0.700000000");
        assertThat(out.resolve(tenant).resolve("2026-10.json")).exists();

        command.run(new DefaultApplicationArguments("--export", "--tenant=" + tenant, "--month=2026-13"));
        assertThat(command.getExitCode()).isEqualTo(2);
    }

    @Test
    void badExportRequestsAreProblemsNamingTheField() {
        assertThat(JSON.readTree(get("/v1/exports/t/2026-1x.csv").body())
                        .get("field")
                        .asString())
                .isEqualTo("month");
        assertThat(JSON.readTree(get("/v1/exports/t/2026-10.xml").body())
                        .get("field")
                        .asString())
                .isEqualTo("format");
        assertThat(get("/v1/exports/t/2026-10.xml").statusCode()).isEqualTo(400);
    }

    private void append(dev.conveyor.schemas.UsageEvent... events) {
        ledger.append(java.util.Arrays.stream(events).map(UsageRecord::of).toList());
    }

    private BigDecimal ledgerCost(String tenant, String month) {
        return jdbc.sql(
                        "SELECT sum(cost_usd) FROM billing.usage_events WHERE tenant_id = ? AND (?::text IS NULL OR usage_month = ?::text)")
                .params(tenant, month, month)
                .query(BigDecimal.class)
                .single();
    }
}
