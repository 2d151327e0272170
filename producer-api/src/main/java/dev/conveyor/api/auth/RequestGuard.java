package dev.conveyor.api.auth;

import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.text.Text;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Checks every request before any handler (actuator endpoints included) sees it: query parameters
 * must decode (valid percent-encoding) to well-formed text without NUL characters, the API's own
 * ({@code /v1/...}) given once each, and the
 * operational endpoints that expose internals ({@code /actuator/prometheus}, {@code
 * /actuator/metrics}) need the admin key. Faults are answered as the problem advice answers any
 * typed error.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestGuard extends OncePerRequestFilter {

    private final Authenticator authenticator;
    private final HandlerExceptionResolver problems;

    RequestGuard(
            Authenticator authenticator, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.authenticator = authenticator;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            checkParameters(request);
            if (operational(request)) {
                authenticator.admin(request.getHeader(HttpHeaders.AUTHORIZATION));
            }
        } catch (RuntimeException e) {
            problems.resolveException(request, response, null, e);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Metrics name routes, tenants and volumes: the admin's to read, not every caller's. */
    static boolean operational(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/actuator/prometheus")
                || path.equals("/actuator/metrics")
                || path.startsWith("/actuator/metrics/");
    }

    private static void checkParameters(HttpServletRequest request) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException e) { // Tomcat's InvalidParameterException: bad percent-encoding
            throw new InvalidRequest("/", "the query string is not valid: use %XX escapes of UTF-8 bytes");
        }
        for (Map.Entry<String, String[]> p : parameters.entrySet()) {
            if (!Text.wellFormed(p.getKey())) {
                throw new InvalidRequest("/", "query parameter names should be text without NUL characters");
            }
            // the API's own parameters take one value each: a second would be joined to the first with a comma
            if (p.getValue().length > 1 && request.getRequestURI().startsWith(request.getContextPath() + "/v1/")) {
                throw new InvalidRequest(p.getKey(), "query parameter '" + p.getKey() + "' should be given once");
            }
            for (String value : p.getValue()) {
                if (!Text.wellFormed(value)) {
                    throw new InvalidRequest(
                            p.getKey(), "query parameter '" + p.getKey() + "' should be text without NUL characters");
                }
            }
        }
    }
}
