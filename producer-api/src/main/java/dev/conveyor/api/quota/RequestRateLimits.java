package dev.conveyor.api.quota;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.auth.Caller;
import dev.conveyor.api.errors.RateLimited;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
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
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<String, Window> limiters = new ConcurrentHashMap<>();

    /** A tenant's limiter and when its first window began: windows follow one another from then. */
    private record Window(RateLimiter limiter, long startNanos) {
        Duration untilNext() {
            long period = WINDOW.toNanos();
            return Duration.ofNanos(period - Math.floorMod(System.nanoTime() - startNanos, period));
        }
    }

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
        Window window = limiters.computeIfAbsent(caller.tenantId(), tenant -> window(tenant, perMinute));
        if (window.limiter().getRateLimiterConfig().getLimitForPeriod() != perMinute) {
            window.limiter().changeLimitForPeriod(perMinute);
        }
        if (!window.limiter().acquirePermission()) {
            throw new RateLimited(perMinute, window.untilNext());
        }
    }

    private static Window window(String tenant, int perMinute) {
        long start = System.nanoTime();
        RateLimiter limiter = RateLimiter.of(
                "api-" + tenant,
                RateLimiterConfig.custom()
                        .limitForPeriod(perMinute)
                        .limitRefreshPeriod(WINDOW)
                        .timeoutDuration(Duration.ZERO)
                        .build());
        return new Window(limiter, start);
    }
}
