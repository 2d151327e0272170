package dev.conveyor.router.ratelimit;

import dev.conveyor.embedded.MutableClock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The shared test clock, plus {@link #pause()}: callers block until the test has moved it far enough. */
final class ManualClock extends MutableClock {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition movedCondition = lock.newCondition();
    private int sleepers;

    ManualClock(Instant start) {
        super(start);
    }

    @Override
    protected void moved() {
        lock.lock();
        try {
            movedCondition.signalAll();
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
                while (instant().isBefore(until)) {
                    if (left <= 0) {
                        throw new IllegalStateException("the test never moved the clock to " + until);
                    }
                    left = movedCondition.awaitNanos(left);
                }
            } finally {
                sleepers--;
                lock.unlock();
            }
        };
    }
}
