package dev.conveyor.schemas;

/** Default topic names; every service lets configuration override them. */
public final class Topics {

    /** The request topic, and the {@link #BULK} lane's: pipelines that produce here land on bulk. */
    public static final String REQUESTS = "llm.requests";

    public static final String RESULTS = "llm.results";
    public static final String USAGE = "llm.usage";
    public static final String ALERTS = "llm.alerts";
    public static final String DEAD_LETTER = "llm.requests.dlt";
    public static final String USAGE_DEAD_LETTER = "llm.usage.dlt";

    /** The lane for jobs someone waits for: single jobs from the API by default. */
    public static final String INTERACTIVE = "interactive";
    /** The lane for backlogs: batches from the API by default, and {@link #REQUESTS} itself. */
    public static final String BULK = "bulk";

    private Topics() {}

    /** {@code <lane topic>.fallback-N} for the N-th fallback step (1-based). */
    public static String fallback(String requests, int step) {
        return requests + ".fallback-" + step;
    }

    /**
     * A lane's request topic: {@code requests} itself for {@link #BULK}, {@code requests.<lane>} for
     * any other ({@code llm.requests.interactive}).
     */
    public static String lane(String requests, String lane) {
        return BULK.equals(lane) ? requests : requests + "." + lane;
    }
}
