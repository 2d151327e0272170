package dev.conveyor.router.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Jobs of one tenant that wait for budget line up, first come first served: only the first asks
 * the database again, when a call of that tenant settles on this worker or every
 * {@code retryInterval} (for calls settled on other workers), so a thousand waiting jobs cost one
 * query per interval, not a thousand.
 */
class Waiters {

    /** One tenant's line: the turn to ask, and the signal that a call settled. */
    private static final class Line {
        final Semaphore turn = new Semaphore(1, true);
        final ReentrantLock lock = new ReentrantLock();
        final Condition settled = lock.newCondition();
        long settlements;
    }

    private final Clock clock;
    private final Duration retryInterval;
    private final ConcurrentMap<String, Line> lines = new ConcurrentHashMap<>();

    Waiters(Clock clock, Duration retryInterval) {
        this.clock = clock;
        this.retryInterval = retryInterval;
    }

    /**
     * Waits for the tenant's turn, then asks {@code attempt} until it answers or {@code until} has
     * passed; empty when it never answered (or the thread was interrupted).
     */
    <T> Optional<T> waitFor(String tenantId, Instant until, Supplier<Optional<T>> attempt) {
        Line line = lines.computeIfAbsent(tenantId, t -> new Line());
        try {
            if (!line.turn.tryAcquire(millisUntil(until), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            while (true) {
                long seen = settlements(line);
                Optional<T> answer = attempt.get();
                long left = millisUntil(until);
                if (answer.isPresent() || left <= 0) {
                    return answer;
                }
                if (!awaitSettlement(line, seen, Math.min(left, retryInterval.toMillis()))) {
                    return Optional.empty();
                }
            }
        } finally {
            line.turn.release();
        }
    }

    /** A call of the tenant settled on this worker: its first waiter asks again at once. */
    void signal(String tenantId) {
        Line line = lines.get(tenantId);
        if (line == null) {
            return;
        }
        line.lock.lock();
        try {
            line.settlements++;
            line.settled.signalAll();
        } finally {
            line.lock.unlock();
        }
    }

    private static long settlements(Line line) {
        line.lock.lock();
        try {
            return line.settlements;
        } finally {
            line.lock.unlock();
        }
    }

    /** False when interrupted. */
    private static boolean awaitSettlement(Line line, long seen, long millis) {
        line.lock.lock();
        try {
            if (line.settlements == seen) {
                line.settled.await(millis, TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            line.lock.unlock();
        }
    }

    private long millisUntil(Instant until) {
        return Math.max(0, Duration.between(clock.instant(), until).toMillis());
    }
}
