package dev.conveyor.sim.server;

/** Provider endpoints answered at once, outside the completion engine, such as the batch APIs. */
public interface ApiEndpoints {

    /** The answer, or null when the request is for none of these endpoints. */
    SimResponse handle(SimRequest request);
}
