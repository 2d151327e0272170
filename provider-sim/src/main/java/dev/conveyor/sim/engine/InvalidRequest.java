package dev.conveyor.sim.engine;

/** A request the provider would reject as malformed (HTTP 400); {@code param} names the offending field. */
public final class InvalidRequest extends RuntimeException {

    private final String param;

    public InvalidRequest(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    String param() {
        return param;
    }
}
