package dev.conveyor.sim.server;

import java.time.Duration;

/** What the server does with a request: answer after a delay, never answer, or reset the connection. */
public sealed interface Reply {

    record Answer(SimResponse response, Duration delay) implements Reply {}

    record Hang() implements Reply {}

    record Refuse() implements Reply {}

    static Reply now(SimResponse response) {
        return new Answer(response, Duration.ZERO);
    }
}
