package dev.conveyor.router.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The permits of one {@link Bucket} in this JVM, leased in chunks from the bucket's shared window
 * in PostgreSQL. Glossary: <em>stock</em> is what this JVM
 * has leased and not yet handed out; it expires with its window. <em>Spent until</em> is the
 * window's end once its shared permits are all leased, so waiting callers do not ask PostgreSQL
 * again before then; <em>paused until</em> is the provider's Retry-After after a 429.
 */
final class LeasedPermits {

    /** The provider's counts are written to the shared bucket at most this many times per window and worker. */
    static final int SYNC_SHARE = 50;

    private final Bucket bucket;
    private final BucketStore store;
    private final long chunk;
    private final Duration guard;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong lastSync = new AtomicLong(Long.MIN_VALUE / 2);
    private final ReentrantLock lock = new ReentrantLock();
    private Instant window = Instant.MIN;
    private long stock;
    private Instant spentUntil;
    private Instant pausedUntil;
    private volatile long capacity;

    LeasedPermits(Bucket bucket, BucketStore store, double chunkShare, Duration guard) {
        this.bucket = bucket;
        this.store = store;
        this.chunk = Math.max(1, (long) Math.ceil(bucket.perWindow() * chunkShare));
        this.guard = guard;
        this.capacity = bucket.perWindow();
    }

    Bucket bucket() {
        return bucket;
    }

    /** The limit in force for the whole cluster in the current window, as last seen. */
    long effectiveLimit() {
        return capacity;
    }

    /**
     * Takes {@code n} permits of the current window now. Answers null when taken, else the instant
     * worth trying again. A need larger than a whole window takes a whole window.
     */
    Instant tryTake(long n, Instant now) {
        long need = Math.min(n, bucket.perWindow());
        lock.lock();
        try {
            Instant current = bucket.windowOf(now);
            Instant end = bucket.windowEnd(current);
            if (!current.equals(window)) {
                window = current;
                stock = 0;
                spentUntil = null;
                store.open(bucket, current);
            }
            if (pausedUntil != null && now.isBefore(pausedUntil)) {
                return pausedUntil;
            }
            if (!now.isBefore(end.minus(guard))) {
                // a call sent now could reach the provider in its next window
                return end;
            }
            if (stock < need && spentUntil != null) {
                return spentUntil;
            }
            if (stock < need) {
                Lease lease = store.lease(bucket, current, Math.max(need - stock, chunk), now);
                stock += lease.granted();
                if (lease.capacity() > 0) {
                    capacity = lease.capacity();
                }
                if (stock < need) {
                    if (lease.pausedUntil() != null && lease.pausedUntil().isAfter(now)) {
                        pausedUntil = lease.pausedUntil();
                        return pausedUntil;
                    }
                    spentUntil = end;
                    return end;
                }
            }
            stock -= need;
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Puts back permits taken in {@code taken}; those of a past window have expired. */
    void giveBack(long n, Instant taken) {
        lock.lock();
        try {
            if (taken.equals(window)) {
                stock += n;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts {@code n} more permits against the window they were used in, from stock first, past
     * capacity if need be. PostgreSQL is written outside the lock, so callers waiting for permits
     * never queue behind a write.
     */
    void takeMore(long n, Instant taken) {
        long fromStock;
        lock.lock();
        try {
            fromStock = taken.equals(window) ? Math.max(0, Math.min(stock, n)) : 0;
            stock -= fromStock;
        } finally {
            lock.unlock();
        }
        if (n > fromStock) {
            store.adjust(bucket, taken, n - fromStock);
        }
    }

    /**
     * The provider answered 429: drop the stock, pause every worker until {@code until}, and lower
     * the limit in force ({@link BucketStore#throttle}); {@code informed} when the 429 carried the
     * provider's own count for this limit.
     */
    void throttled(Instant now, Instant until, boolean informed) {
        lock.lock();
        try {
            stock = 0;
            pausedUntil = pausedUntil == null ? until : max(pausedUntil, until);
        } finally {
            lock.unlock();
        }
        store.throttle(bucket, bucket.windowOf(now), until, informed);
    }

    /**
     * The provider's own count for its window; used when it ends with ours. Written to PostgreSQL
     * at most once per {@link #SYNC_SHARE} of a window unless the provider reports nothing left
     * or {@code always} (after a 429): near a window's end every answer carries such a count.
     */
    void observe(long limit, long remaining, Duration reset, Instant now, boolean always) {
        Instant current = bucket.windowOf(now);
        Instant providerEnd = now.plus(reset);
        Duration tolerance = max(Duration.ofSeconds(1), bucket.window().dividedBy(20));
        if (Duration.between(bucket.windowEnd(current), providerEnd).abs().compareTo(tolerance) > 0) {
            return;
        }
        long at = now.toEpochMilli();
        long last = lastSync.get();
        boolean due = at - last >= bucket.window().toMillis() / SYNC_SHARE || at < last;
        if (!always && remaining > 0 && !(due && lastSync.compareAndSet(last, at))) {
            return;
        }
        store.sync(bucket, current, limit, remaining);
        if (remaining == 0) {
            lock.lock();
            try {
                if (current.equals(window)) {
                    stock = 0;
                    spentUntil = bucket.windowEnd(current);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    void waiting(int delta) {
        waiting.addAndGet(delta);
    }

    /** Callers waiting for permits of this bucket now. */
    int waiting() {
        return waiting.get();
    }

    private static <T extends Comparable<T>> T max(T a, T b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
