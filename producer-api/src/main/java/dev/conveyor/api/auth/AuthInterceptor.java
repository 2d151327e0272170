package dev.conveyor.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every {@code /v1} request is authenticated before its handler runs: {@code /v1/admin/**} with
 * the admin key, the rest with a tenant's key. Failures reach the problem advice like any error.
 */
@Component
class AuthInterceptor implements HandlerInterceptor {

    static final String ADMIN_PATHS = "/v1/admin/";

    private final Authenticator authenticator;

    AuthInterceptor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (request.getRequestURI().startsWith(ADMIN_PATHS)) {
            authenticator.admin(authorization);
        } else {
            request.setAttribute(Caller.ATTRIBUTE, authenticator.tenant(authorization));
        }
        return true;
    }
}
