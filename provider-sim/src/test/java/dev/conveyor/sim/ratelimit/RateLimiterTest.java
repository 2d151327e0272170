package dev.conveyor.sim.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.embedded.MutableClock;
import dev.conveyor.sim.RateLimitSpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RateLimiter limiter = new RateLimiter(clock);
    private final RateLimitSpec tokensOnly = RateLimitSpec.of(0, 1_000, Duration.ofMinutes(1));

    @Test
    void tokenLimitAdmitsCallsUntilTheirTokensWouldExceedIt() {
        assertThat(limiter.acquire("k", "m", tokensOnly, 600).allowed()).isTrue();

        var refused = limiter.acquire("k", "m", tokensOnly, 500);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.tokensRemaining()).isEqualTo(400);
        assertThat(limiter.acquire("k", "m", tokensOnly, 400).allowed()).isTrue();
    }

    @Test
    void windowsAreAlignedSoTheResetIsTheSameForEveryCaller() {
        clock.advance(Duration.ofSeconds(45));

        var state = limiter.acquire("k", "m", tokensOnly, 1);

        assertThat(state.resetIn()).isEqualTo(Duration.ofSeconds(15));
        assertThat(state.resetAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
    }

    @Test
    void retryAfterRoundsUpToWholeSecondsAndIsNeverZero() {
        clock.advance(Duration.ofMillis(59_900));

        var state = limiter.acquire("k", "m", tokensOnly, 1);

        assertThat(state.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void modelsHaveSeparateWindows() {
        limiter.acquire("k", "a", tokensOnly, 1_000);

        assertThat(limiter.acquire("k", "b", tokensOnly, 1_000).allowed()).isTrue();
    }
}
