package dev.conveyor.billing.export;

import static dev.conveyor.billing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.billing.BillingIntegrationTest;
import dev.conveyor.billing.ledger.Ledger;
import dev.conveyor.billing.ledger.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Sealing a month waits for ingest transactions in flight, so no event slips past a bill. */
class ExportSealTest extends BillingIntegrationTest {

    @Autowired
    Ledger ledger;

    @Autowired
    Exporter exporter;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void eventBeingRecordedWhileTheMonthIsSealedIsOnTheBillNotLost() throws Exception {
        String tenant = tenant("seal-race");
        Path dir = Files.createTempDirectory("seal-");
        Instant october = Instant.parse("2026-10-20T00:00:00Z");
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);

        CompletableFuture<Void> ingest = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            ledger.append(List.of(UsageRecord.of(event(tenant, "m", "code", 1, 1, "0.400000000", october))));
            appended.countDown();
            awaitLatch(commit);
        }));
        assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<Path>> export =
                CompletableFuture.supplyAsync(() -> exporter.exportFinal(tenant, YearMonth.of(2026, 10), dir));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !export.isDone());
        commit.countDown();
        ingest.get(30, TimeUnit.SECONDS);
        List<Path> files = export.get(30, TimeUnit.SECONDS);

        JsonNode bill = JSON.readTree(Files.readString(files.get(1)));
        assertThat(bill.get("totals").get("amount_usd").asString()).isEqualTo("0.400000000");
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
