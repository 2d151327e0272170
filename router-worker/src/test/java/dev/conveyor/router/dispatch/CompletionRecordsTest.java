package dev.conveyor.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.router.RoutingDatabase;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.TokenUsage;
import dev.conveyor.schemas.UsageEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Completion records on the real PostgreSQL, written and read by many jobs at once. */
class CompletionRecordsTest {

    @Test
    void manyConcurrentJobsSaveAndFindTheirOwnRecordsExactly() throws Exception {
        String run = UUID.randomUUID().toString();
        List<Outcome.Finished> outcomes = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            outcomes.add(outcome(run + "-" + i, i % 7 == 0));
        }
        try (CompletionRecords records = new CompletionRecords(RoutingDatabase.jdbc(), new SimpleMeterRegistry());
                ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> saves = new ArrayList<>();
            for (Outcome.Finished outcome : outcomes) {
                saves.add(jobs.submit(() -> records.save(outcome)));
            }
            for (Future<?> save : saves) {
                save.get();
            }
            List<Future<Optional<Outcome.Finished>>> finds = new ArrayList<>();
            for (Outcome.Finished outcome : outcomes) {
                finds.add(jobs.submit(() -> records.find(
                        outcome.result().getTenantId(), outcome.result().getJobId())));
            }
            for (int i = 0; i < outcomes.size(); i++) {
                assertThat(finds.get(i).get()).contains(outcomes.get(i));
            }
            assertThat(records.find("tenant-0", run + "-never-finished")).isEmpty();
        }
    }

    @Test
    void theFirstOutcomeOfAJobIsKept() {
        String jobId = UUID.randomUUID().toString();
        Outcome.Finished first = outcome(jobId, false);
        try (CompletionRecords records = new CompletionRecords(RoutingDatabase.jdbc(), new SimpleMeterRegistry())) {
            assertThat(records.save(first)).as("the first is the record").isEmpty();
            assertThat(records.save(outcome(jobId, true)))
                    .as("a later outcome learns the record")
                    .contains(first);
            assertThat(records.find(first.result().getTenantId(), jobId)).contains(first);
        }
    }

    @Test
    void twoDeliveriesOfOneJobSavedAtOnceAgreeOnOneRecord() throws Exception {
        try (CompletionRecords records = new CompletionRecords(RoutingDatabase.jdbc(), new SimpleMeterRegistry());
                ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 50; round++) {
                String jobId = UUID.randomUUID().toString();
                Outcome.Finished failed = outcome(jobId, true);
                Outcome.Finished succeeded = outcome(jobId, false);
                Future<Optional<Outcome.Finished>> a = jobs.submit(() -> records.save(failed));
                Future<Optional<Outcome.Finished>> b = jobs.submit(() -> records.save(succeeded));
                Outcome.Finished keptA = a.get().orElse(failed);
                Outcome.Finished keptB = b.get().orElse(succeeded);
                // one of them is the record; the other is told which
                assertThat(List.of(keptA, keptB))
                        .containsOnly(records.find(failed.result().getTenantId(), jobId)
                                .orElseThrow());
            }
        }
    }

    @Test
    void aJobIdIsScopedToItsTenantSoAnotherTenantsRecordIsNeverFoundOrOverwritten() {
        String jobId = UUID.randomUUID().toString();
        Outcome.Finished mine = outcome(jobId, false);
        String me = mine.result().getTenantId();
        Outcome.Finished theirs = new Outcome.Finished(
                CompletionResult.newBuilder(mine.result())
                        .setTenantId("other-" + me)
                        .setContent("theirs")
                        .build(),
                List.of(),
                false);
        try (CompletionRecords records = new CompletionRecords(RoutingDatabase.jdbc(), new SimpleMeterRegistry())) {
            records.save(theirs);
            assertThat(records.find(me, jobId)).isEmpty();
            records.save(mine);
            assertThat(records.find(me, jobId)).contains(mine);
            assertThat(records.find("other-" + me, jobId)).contains(theirs);
        }
    }

    private static Outcome.Finished outcome(String jobId, boolean deadLetter) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        BigDecimal cost = Money.usd(new BigDecimal("0.000123456").add(BigDecimal.valueOf(jobId.hashCode() & 0xff, 9)));
        CompletionResult result = CompletionResult.newBuilder()
                .setJobId(jobId)
                .setTenantId("tenant-" + (jobId.hashCode() & 3))
                .setStatus(deadLetter ? JobStatus.FAILED : JobStatus.SUCCEEDED)
                .setContent(deadLetter ? null : "answer to " + jobId)
                .setUsage(new TokenUsage(120L, 30L, 0L))
                .setCostUsd(cost)
                .setLatencyMs(42)
                .setCompletedAt(now)
                .setMetadata(Map.of("k", "v"))
                .build();
        List<UsageEvent> usage = deadLetter
                ? List.of()
                : List.of(UsageEvent.newBuilder()
                        .setEventId(jobId + "/0")
                        .setJobId(jobId)
                        .setTenantId(result.getTenantId())
                        .setProvider("openai")
                        .setModel("gpt-4.1-mini")
                        .setTaskType("code_analysis")
                        .setInputTokens(120)
                        .setOutputTokens(30)
                        .setCachedInputTokens(0)
                        .setCostUsd(cost)
                        .setStatus(JobStatus.SUCCEEDED)
                        .setLatencyMs(42)
                        .setTimestamp(now)
                        .build());
        return new Outcome.Finished(result, usage, deadLetter);
    }
}
