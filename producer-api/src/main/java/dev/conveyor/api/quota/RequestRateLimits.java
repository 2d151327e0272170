package dev.conveyor.api.quota;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.auth.Caller;
import dev.conveyor.api.errors.RateLimited;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Per-tenant request rate on this API: a tenant's {@code requests_per_minute}, else
 * {@code conveyor.api.rate-limit.default-requests-per-minute}; 0 means none. Counted per API
 * instance (Resilience4j keeps its windows in memory), in fixed one-minute windows.
 */
@Component
class RequestRateLimits implements HandlerInterceptor, WebMvcConfigurer {

    private final int defaultPerMinute;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    RequestRateLimits(ApiSettings settings) {
        this.defaultPerMinute = settings.rateLimit().defaultRequestsPerMinute();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this)
                .addPathPatterns("/v1/**")
                .excludePathPatterns("/v1/admin/**")
                .order(Ordered.HIGHEST_PRECEDENCE + 1);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Caller.of(request).ifPresent(this::acquire);
        return true;
    }

    private void acquire(Caller caller) {
        int perMinute = caller.requestsPerMinute() != null ? caller.requestsPerMinute() : defaultPerMinute;
        if (perMinute <= 0) {
            return;
        }
        RateLimiter limiter = limiters.computeIfAbsent(caller.tenantId(), tenant -> limiter(tenant, perMinute));
        if (limiter.getRateLimiterConfig().getLimitForPeriod() != perMinute) {
            limiter.changeLimitForPeriod(perMinute);
        }
        if (!limiter.acquirePermission()) {
            long nanos = limiter instanceof AtomicRateLimiter atomic
                    ? atomic.getDetailedMetrics().getNanosToWait()
                    : Duration.ofMinutes(1).toNanos();
            throw new RateLimited(perMinute, Duration.ofNanos(Math.max(nanos, 0)));
        }
    }

    private static RateLimiter limiter(String tenant, int perMinute) {
        return RateLimiter.of(
                "api-" + tenant,
                RateLimiterConfig.custom()
                        .limitForPeriod(perMinute)
                        .limitRefreshPeriod(Duration.ofMinutes(1))
                        .timeoutDuration(Duration.ZERO)
                        .build());
    }
}
