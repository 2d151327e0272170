package dev.conveyor.router.ratelimit;

import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.RoutingDatabase;
import dev.conveyor.router.TestSettings;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Settings, jobs and "workers" (limiter instances sharing PostgreSQL) for rate-limit tests. */
final class Fixtures {

    static final Duration WINDOW = Duration.ofSeconds(10);

    private Fixtures() {}

    static String uniqueProvider() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Per-minute figures for {@code perWindow} in a 10 s window. */
    static long perMinute(long perWindow) {
        return perWindow * 6;
    }

    static RouterSettings.ProviderLimits requests(long perWindow) {
        return new RouterSettings.ProviderLimits(
                perMinute(perWindow), null, WINDOW, RouterSettings.ChargeOutput.REQUESTED, Map.of());
    }

    static RouterSettings.RateLimits settings(
            Map<String, RouterSettings.ProviderLimits> providers,
            RouterSettings.OnLimit onLimit,
            Duration maxWait,
            int maxWaiting,
            double chunk) {
        return new RouterSettings.RateLimits(
                maxWait, maxWaiting, onLimit, chunk, Duration.ofMillis(100), 0.8, 0.1, providers);
    }

    static RateLimits worker(RouterSettings.RateLimits settings, ManualClock clock, SimpleMeterRegistry meters) {
        return new RateLimits(
                settings,
                new BucketStore(RoutingDatabase.jdbc(), settings.recoveryStep(), settings.cutOn429()),
                clock,
                clock.pause(),
                new RateLimitMetrics(meters));
    }

    static RateLimits worker(RouterSettings.RateLimits settings, ManualClock clock) {
        return worker(settings, clock, new SimpleMeterRegistry());
    }

    static Model spec(String provider, String model) {
        return TestSettings.model(provider, model, "1", "1", 128_000);
    }

    static CompletionRequest job(int maxTokens) {
        return CompletionRequest.newBuilder()
                .setJobId("job-" + UUID.randomUUID())
                .setTenantId("t")
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "review this class for thread safety")))
                .setMaxTokens(maxTokens)
                .build();
    }
}
