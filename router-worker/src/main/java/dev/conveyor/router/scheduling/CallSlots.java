package dev.conveyor.router.scheduling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The provider calls one worker makes at once ({@code conveyor.router.in-flight-cap}), and the
 * scheduler that decides which waiting job gets the next free one ({@link FairQueue}). A job holds
 * a slot from taking its rate-limit permits to the provider's answer, so the order of slots is the
 * order of permits too. The dispatch engine keeps more jobs in flight than there are slots, so
 * that jobs of several lanes and tenants wait here to choose from.
 *
 * <p>A job whose deadline comes while it waits gives up at that moment ({@link DeadlinePassed}); one
 * chosen after its deadline is not given the slot either.
 */
public final class CallSlots {

    private final int size;
    private final Clock clock;
    private final FairQueue queue;
    private final SchedulingMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private int free;
    private long seq;

    /**
     * @param size the call slots: {@code conveyor.router.in-flight-cap}, checked where it is bound
     * @param laneWeights each lane's weight, in the configured order (ties go to the first)
     * @param fair false for first come, first served
     */
    public CallSlots(
            int size,
            Map<String, Integer> laneWeights,
            TenantWeights tenantWeights,
            boolean fair,
            Clock clock,
            MeterRegistry meters) {
        this.size = size;
        this.free = size;
        this.clock = clock;
        this.queue = new FairQueue(laneWeights, tenantWeights, fair);
        this.metrics = new SchedulingMetrics(meters, size);
        Gauge.builder("conveyor.provider.calls.in.flight", this, CallSlots::taken)
                .description("Provider calls in flight (at most conveyor.router.in-flight-cap)")
                .register(meters);
    }

    /** As many slots as there can ever be callers: for tests and tools that call one job at a time. */
    public static CallSlots unlimited(Clock clock) {
        return new CallSlots(
                Integer.MAX_VALUE, Map.of(), TenantWeights.equal(), false, clock, new SimpleMeterRegistry());
    }

    /**
     * Waits for a slot, for as long as it takes or until the job's deadline.
     *
     * @throws DeadlinePassed when the deadline came first (the job holds no slot)
     */
    public Slot acquire(Ticket ticket) throws InterruptedException, DeadlinePassed {
        if (ticket.expiredAt(clock.instant())) {
            metrics.expired(ticket);
            throw new DeadlinePassed(ticket.deadline());
        }
        Waiter w;
        lock.lock();
        try {
            if (free > 0) {
                free--;
                metrics.granted(ticket, 0);
                return new Slot(ticket);
            }
            w = new Waiter(ticket, seq++, Thread.currentThread());
            queue.add(w);
            metrics.waiting(ticket, 1);
        } finally {
            lock.unlock();
        }
        return await(w);
    }

    private Slot await(Waiter w) throws InterruptedException, DeadlinePassed {
        Instant deadline = w.ticket.deadline();
        while (true) {
            switch (w.state) {
                case GRANTED -> {
                    return new Slot(w.ticket);
                }
                case EXPIRED -> throw new DeadlinePassed(deadline);
                default -> {}
            }
            if (Thread.interrupted()) {
                giveUp(w);
                throw new InterruptedException("interrupted while waiting for a call slot");
            }
            if (deadline == null) {
                LockSupport.park(this);
            } else {
                long left = Duration.between(clock.instant(), deadline).toNanos();
                if (left <= 0) {
                    if (giveUp(w)) {
                        metrics.expired(w.ticket);
                        throw new DeadlinePassed(deadline);
                    }
                } else {
                    LockSupport.parkNanos(this, left);
                }
            }
        }
    }

    /** Takes a waiter out; true when it was still waiting, else hands back a slot it was given meanwhile. */
    private boolean giveUp(Waiter w) {
        lock.lock();
        try {
            if (w.state == Waiter.State.WAITING) {
                queue.remove(w);
                w.state = Waiter.State.CANCELLED;
                metrics.waiting(w.ticket, -1);
                return true;
            }
        } finally {
            lock.unlock();
        }
        if (w.state == Waiter.State.GRANTED) {
            release(w.ticket);
        }
        return false;
    }

    private void release(Ticket held) {
        lock.lock();
        try {
            metrics.released(held);
            Instant now = null;
            Waiter next;
            while ((next = queue.next()) != null) {
                metrics.waiting(next.ticket, -1);
                if (next.ticket.deadline() != null) {
                    now = now == null ? clock.instant() : now;
                    if (next.ticket.expiredAt(now)) {
                        next.state = Waiter.State.EXPIRED;
                        metrics.expired(next.ticket);
                        LockSupport.unpark(next.thread);
                        continue;
                    }
                }
                next.state = Waiter.State.GRANTED;
                metrics.granted(next.ticket, System.nanoTime() - next.since);
                LockSupport.unpark(next.thread);
                return;
            }
            free++;
        } finally {
            lock.unlock();
        }
    }

    /** Slots held now. */
    public int taken() {
        lock.lock();
        try {
            return size - free;
        } finally {
            lock.unlock();
        }
    }

    /** Jobs waiting for a slot now. */
    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** One slot held by one job; released once. */
    public final class Slot {

        private final Ticket ticket;
        private boolean released;

        private Slot(Ticket ticket) {
            this.ticket = ticket;
        }

        public void release() {
            if (!released) {
                released = true;
                CallSlots.this.release(ticket);
            }
        }

        /** Whether the holder's deadline has come: the last look before its call. */
        public boolean deadlineCame() {
            return ticket.expiredAt(clock.instant());
        }

        /** Gives the slot back because the deadline came after all (counted as a missed deadline). */
        public DeadlinePassed expire() {
            metrics.expired(ticket);
            release();
            return new DeadlinePassed(ticket.deadline());
        }
    }
}
