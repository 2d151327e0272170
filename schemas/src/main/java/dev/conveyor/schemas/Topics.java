package dev.conveyor.schemas;

/** Default topic names; every service lets configuration override them. */
public final class Topics {

    public static final String REQUESTS = "llm.requests";
    public static final String RESULTS = "llm.results";
    public static final String USAGE = "llm.usage";
    public static final String ALERTS = "llm.alerts";
    public static final String DEAD_LETTER = "llm.requests.dlt";

    private Topics() {}

    /** {@code llm.requests.fallback-N} for the N-th fallback step (1-based). */
    public static String fallback(String requests, int step) {
        return requests + ".fallback-" + step;
    }
}
