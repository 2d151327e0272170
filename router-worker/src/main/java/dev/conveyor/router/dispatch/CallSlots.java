package dev.conveyor.router.dispatch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;

/**
 * The provider calls one worker makes at once: {@code conveyor.router.in-flight-cap}. A job holds a
 * slot from taking its rate-limit permits to the provider's answer, and not while it looks up its
 * completion record or the cache, or publishes its outcome: the dispatch engine lets a few more jobs
 * than slots be in flight, so that bookkeeping never leaves a slot idle while jobs are waiting.
 */
final class CallSlots {

    private final int size;
    private final Semaphore free;

    CallSlots(int size) {
        if (size < 1) {
            throw new IllegalArgumentException(
                    "conveyor.router.in-flight-cap should be greater than 0 (was " + size + ")");
        }
        this.size = size;
        this.free = new Semaphore(size);
    }

    /** As many slots as there can ever be callers: for tests and tools that call one job at a time. */
    static CallSlots unlimited() {
        return new CallSlots(Integer.MAX_VALUE);
    }

    CallSlots register(MeterRegistry meters) {
        Gauge.builder("conveyor.provider.calls.in.flight", this, CallSlots::taken)
                .description("Provider calls in flight (at most conveyor.router.in-flight-cap)")
                .register(meters);
        return this;
    }

    void acquire() throws InterruptedException {
        free.acquire();
    }

    void release() {
        free.release();
    }

    int taken() {
        return size - free.availablePermits();
    }
}
