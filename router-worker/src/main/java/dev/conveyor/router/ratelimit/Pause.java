package dev.conveyor.router.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Waits on the caller's (virtual) thread until an instant of the injected clock. Tests advance a manual clock instead. */
@FunctionalInterface
interface Pause {

    void until(Instant instant) throws InterruptedException;

    static Pause sleeping(Clock clock) {
        return instant -> {
            Duration left = Duration.between(clock.instant(), instant);
            if (left.isPositive()) {
                Thread.sleep(left);
            }
        };
    }
}
