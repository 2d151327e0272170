package dev.conveyor.api.errors;

import java.time.Duration;

/** The tenant's request rate on this API instance is used up; retry after the given wait. */
public class RateLimited extends RuntimeException {

    private final int requestsPerMinute;
    private final Duration retryAfter;

    public RateLimited(int requestsPerMinute, Duration retryAfter) {
        super("more than " + requestsPerMinute + " requests per minute");
        this.requestsPerMinute = requestsPerMinute;
        this.retryAfter = retryAfter;
    }

    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
