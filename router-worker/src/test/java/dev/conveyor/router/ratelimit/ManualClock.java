package dev.conveyor.router.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A clock the test moves; {@link #pause()} blocks callers until the test has moved it far enough. */
final class ManualClock extends Clock {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private volatile Instant now;
    private int sleepers;

    ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    void advance(Duration by) {
        set(now.plus(by));
    }

    void set(Instant to) {
        lock.lock();
        try {
            now = to;
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many callers are blocked in {@link #pause()} right now. */
    int sleepers() {
        lock.lock();
        try {
            return sleepers;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the clock reaches the instant; fails a caller left waiting 20 s of real time. */
    Pause pause() {
        return until -> {
            lock.lock();
            try {
                sleepers++;
                long left = TimeUnit.SECONDS.toNanos(20);
                while (now.isBefore(until)) {
                    if (left <= 0) {
                        throw new IllegalStateException("the test never moved the clock to " + until);
                    }
                    left = moved.awaitNanos(left);
                }
            } finally {
                sleepers--;
                lock.unlock();
            }
        };
    }
}
