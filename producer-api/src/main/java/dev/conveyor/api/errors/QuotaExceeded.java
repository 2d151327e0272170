package dev.conveyor.api.errors;

import java.time.Duration;

/**
 * The tenant has used up a monthly limit; new jobs are refused until the month turns or the limit
 * is raised.
 *
 * @param limit the limit's name, e.g. {@code monthly_budget_usd}
 */
public class QuotaExceeded extends RuntimeException {

    private final String limit;
    private final String limitValue;
    private final String used;
    private final Duration retryAfter;

    public QuotaExceeded(String limit, String limitValue, String used, Duration retryAfter, String message) {
        super(message);
        this.limit = limit;
        this.limitValue = limitValue;
        this.used = used;
        this.retryAfter = retryAfter;
    }

    public String limit() {
        return limit;
    }

    public String limitValue() {
        return limitValue;
    }

    public String used() {
        return used;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
