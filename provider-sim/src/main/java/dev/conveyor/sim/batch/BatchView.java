package dev.conveyor.sim.batch;

import java.time.Instant;
import java.util.List;

/**
 * A batch as of one moment, for a protocol to render. Times are null until they happen.
 *
 * @param outcomes what became of each request finished so far, in input order
 */
public record BatchView(
        String id,
        BatchRun.State state,
        int total,
        Instant createdAt,
        Instant inProgressAt,
        Instant cancellingAt,
        Instant endedAt,
        Instant expiresAt,
        List<Outcome> outcomes) {

    public long succeeded() {
        return outcomes.stream().filter(Outcome::succeeded).count();
    }

    public long errored() {
        return outcomes.stream().filter(Outcome::errored).count();
    }

    public long count(Outcome.Kind kind) {
        return outcomes.stream().filter(outcome -> outcome.kind() == kind).count();
    }

    public boolean ended() {
        return state.ended();
    }
}
