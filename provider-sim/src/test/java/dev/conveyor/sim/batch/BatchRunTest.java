package dev.conveyor.sim.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.sim.BatchSpec;
import dev.conveyor.sim.server.SimResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchRunTest {

    private static final Instant CREATED = Instant.parse("2026-12-04T00:00:00Z");

    private final List<String> answered = new ArrayList<>();

    private BatchRun run(BatchSpec spec, int requests) {
        var all = IntStream.range(0, requests)
                .mapToObj(i -> new BatchRequest("r-" + i, "{}".getBytes(StandardCharsets.UTF_8)))
                .toList();
        return new BatchRun(
                "b",
                all,
                false,
                false,
                spec,
                (request, fail) -> {
                    answered.add(request.customId());
                    return SimResponse.json(fail ? 500 : 200, new byte[0]);
                },
                CREATED);
    }

    @Test
    void requestsAreAnsweredEvenlyOverTheDelayWhenTheBatchIsLookedAt() {
        var run = run(BatchSpec.defaults().withDelay(Duration.ofMinutes(4)), 4);

        assertThat(run.advance(CREATED.plusSeconds(59)).outcomes()).isEmpty();
        assertThat(run.advance(CREATED.plus(Duration.ofMinutes(1))).outcomes()).hasSize(1);
        var done = run.advance(CREATED.plus(Duration.ofHours(1)));

        assertThat(done.state()).isEqualTo(BatchRun.State.COMPLETED);
        assertThat(done.endedAt()).isEqualTo(CREATED.plus(Duration.ofMinutes(4)));
        assertThat(answered).containsExactly("r-0", "r-1", "r-2", "r-3");
        assertThat(run.advance(CREATED.plus(Duration.ofHours(2))).succeeded()).isEqualTo(4);
        assertThat(answered).hasSize(4);
    }

    @Test
    void requestsNotAnsweredByExpiryExpireWithTheBatch() {
        var run =
                run(BatchSpec.defaults().withDelay(Duration.ofMinutes(40)).withExpireAfter(Duration.ofMinutes(20)), 4);

        var expired = run.advance(CREATED.plus(Duration.ofDays(1)));

        assertThat(expired.state()).isEqualTo(BatchRun.State.EXPIRED);
        assertThat(expired.endedAt()).isEqualTo(CREATED.plus(Duration.ofMinutes(20)));
        assertThat(expired.succeeded()).isEqualTo(2);
        assertThat(expired.count(Outcome.Kind.EXPIRED)).isEqualTo(2);
    }

    @Test
    void cancellingEndsAtTheNextLookAndAnEndedBatchCannotBeCancelled() {
        var run = run(BatchSpec.defaults().withDelay(Duration.ofMinutes(10)), 2);

        assertThat(run.cancel(CREATED)).isTrue();
        assertThat(run.view().state()).isEqualTo(BatchRun.State.CANCELLING);
        var cancelled = run.advance(CREATED.plus(Duration.ofMinutes(30)));

        assertThat(cancelled.state()).isEqualTo(BatchRun.State.CANCELLED);
        assertThat(cancelled.count(Outcome.Kind.CANCELED)).isEqualTo(2);
        assertThat(answered).isEmpty();
        assertThat(run.cancel(CREATED.plus(Duration.ofHours(1)))).isFalse();
    }

    @Test
    void anInvalidBatchFailsWhenFirstLookedAt() {
        var run = new BatchRun("b", List.of(), true, true, BatchSpec.defaults(), (r, f) -> null, CREATED);

        assertThat(run.view().state()).isEqualTo(BatchRun.State.VALIDATING);
        assertThat(run.advance(CREATED.plusSeconds(1)).state()).isEqualTo(BatchRun.State.FAILED);
    }

    @Test
    void theFailingShareIsNearTheFractionAndTheSameIdsFailEveryTime() {
        var ids = IntStream.range(0, 10_000).mapToObj(i -> "job-" + i).toList();

        var failing = ids.stream().filter(id -> BatchRun.fails(id, 0.1)).toList();

        assertThat(failing).hasSizeBetween(900, 1_100);
        assertThat(ids.stream().filter(id -> BatchRun.fails(id, 0.1)).toList()).isEqualTo(failing);
        assertThat(ids.stream().filter(id -> BatchRun.fails(id, 0.2))).containsAll(failing);
        assertThat(ids.stream().noneMatch(id -> BatchRun.fails(id, 0))).isTrue();
        assertThat(ids.stream().allMatch(id -> BatchRun.fails(id, 1))).isTrue();
    }

    @Test
    void aValidatingBatchFirstLookedAtAfterItsDelayWasInProgressSinceCreation() {
        var all = List.of(new BatchRequest("r-0", new byte[0]));
        var run = new BatchRun(
                "b",
                all,
                false,
                true,
                BatchSpec.defaults().withDelay(Duration.ofMinutes(10)),
                (request, fail) -> SimResponse.json(200, new byte[0]),
                CREATED);

        var done = run.advance(CREATED.plus(Duration.ofHours(1)));

        assertThat(done.state()).isEqualTo(BatchRun.State.COMPLETED);
        assertThat(done.inProgressAt()).isEqualTo(CREATED);
        assertThat(done.endedAt()).isEqualTo(CREATED.plus(Duration.ofMinutes(10)));
    }
}
