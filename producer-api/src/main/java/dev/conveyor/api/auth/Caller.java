package dev.conveyor.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The tenant a request was authenticated as; controllers take it as a parameter and scope every
 * read and write to it.
 *
 * @param requestsPerMinute the tenant's own API rate limit, or null for the configured default
 */
public record Caller(String tenantId, Integer requestsPerMinute) {

    static final String ATTRIBUTE = Caller.class.getName();

    /** The caller of an authenticated request, for interceptors that run after authentication. */
    public static Optional<Caller> of(HttpServletRequest request) {
        return Optional.ofNullable((Caller) request.getAttribute(ATTRIBUTE));
    }
}
