package dev.conveyor.router.provider;

import java.time.Duration;
import java.util.Optional;

/** A failed provider call, typed so the router knows whether to retry, fall back or give up. */
public class ProviderException extends Exception {

    private final ErrorType type;
    private final int httpStatus;
    private final Duration retryAfter;
    private final RateLimitHeaders rateLimits;

    public ProviderException(ErrorType type, int httpStatus, String message, Duration retryAfter) {
        this(type, httpStatus, message, retryAfter, RateLimitHeaders.NONE);
    }

    public ProviderException(
            ErrorType type, int httpStatus, String message, Duration retryAfter, RateLimitHeaders rateLimits) {
        super(message);
        this.type = type;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.rateLimits = rateLimits == null ? RateLimitHeaders.NONE : rateLimits;
    }

    public ProviderException(ErrorType type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
        this.httpStatus = 0;
        this.retryAfter = null;
        this.rateLimits = RateLimitHeaders.NONE;
    }

    public ErrorType type() {
        return type;
    }

    /** The HTTP status the provider answered, or 0 when the call never got an answer. */
    public int httpStatus() {
        return httpStatus;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The provider's rate-limit headers on the failed answer; {@link RateLimitHeaders#NONE} when there were none. */
    public RateLimitHeaders rateLimits() {
        return rateLimits;
    }

    public boolean retryable() {
        return type.retryable();
    }
}
