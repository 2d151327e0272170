package dev.conveyor.embedded;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one test clock of the code base: stands at an instant the test sets or moves, or follows the
 * system clock until a test sets it ({@link #followingSystem()}). Safe to read from other threads.
 * A subclass learns of every move through {@link #moved()}, e.g. to wake threads waiting on it.
 */
public class MutableClock extends Clock {

    private volatile Instant fixed;

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.fixed = start;
    }

    /** A clock that reads the system time until a test sets it. */
    public static MutableClock followingSystem() {
        return new MutableClock(null);
    }

    public synchronized void advance(Duration duration) {
        set(instant().plus(duration));
    }

    public void set(Instant instant) {
        this.fixed = instant;
        moved();
    }

    /** Back to following the system clock. */
    public void reset() {
        set(null);
    }

    /** Called after every change of the time; nothing by default. */
    protected void moved() {}

    @Override
    public Instant instant() {
        Instant now = fixed;
        return now == null ? Instant.now() : now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
