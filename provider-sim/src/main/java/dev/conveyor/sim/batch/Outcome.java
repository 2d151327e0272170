package dev.conveyor.sim.batch;

import dev.conveyor.sim.server.SimResponse;

/**
 * What became of one request of a batch.
 *
 * @param response the answer of an {@link Kind#ANSWERED} request (a completion or the provider's error), else null
 */
public record Outcome(BatchRequest request, Kind kind, SimResponse response) {

    public enum Kind {
        ANSWERED,
        CANCELED,
        EXPIRED
    }

    public boolean succeeded() {
        return kind == Kind.ANSWERED && response.status() == 200;
    }

    public boolean errored() {
        return kind == Kind.ANSWERED && response.status() != 200;
    }
}
