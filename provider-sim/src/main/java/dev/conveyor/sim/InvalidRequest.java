package dev.conveyor.sim;

/** A request the provider would reject as malformed (HTTP 400); {@code param} names the offending field. */
final class InvalidRequest extends RuntimeException {

    private final String param;

    InvalidRequest(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    String param() {
        return param;
    }
}
