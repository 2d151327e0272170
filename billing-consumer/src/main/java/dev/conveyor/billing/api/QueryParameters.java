package dev.conveyor.billing.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * This API's query parameters take one value each: Spring would join a second to the first with a
 * comma ({@code tenant=a&tenant=b} read as the tenant {@code a,b}). Refused with the problem
 * {@link ApiProblems} answers for any bad input, as is a query string that is not valid
 * percent-encoding.
 */
@Component
class QueryParameters extends OncePerRequestFilter {

    private final HandlerExceptionResolver problems;

    QueryParameters(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            for (Map.Entry<String, String[]> parameter :
                    request.getParameterMap().entrySet()) {
                if (parameter.getValue().length > 1) {
                    throw new InvalidInputException(
                            parameter.getKey(), "query parameter '" + parameter.getKey() + "' should be given once");
                }
            }
        } catch (RuntimeException e) { // also Tomcat's InvalidParameterException: bad percent-encoding
            problems.resolveException(request, response, null, e);
            return;
        }
        chain.doFilter(request, response);
    }
}
