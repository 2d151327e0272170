package dev.conveyor.router.scheduling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per lane and tenant: jobs waiting for a call slot, slots held, their share of all slots, the wait
 * for a slot (histogram), slots given and deadlines missed while waiting.
 */
final class SchedulingMetrics {

    private final MeterRegistry meters;
    private final int size;
    private final Map<Key, Flow> flows = new ConcurrentHashMap<>();

    SchedulingMetrics(MeterRegistry meters, int size) {
        this.meters = meters;
        this.size = size;
    }

    void waiting(Ticket t, int change) {
        flow(t).waiting.addAndGet(change);
    }

    void granted(Ticket t, long waitedNanos) {
        Flow f = flow(t);
        f.held.incrementAndGet();
        f.granted.increment();
        f.waited.record(waitedNanos, TimeUnit.NANOSECONDS);
    }

    void released(Ticket t) {
        flow(t).held.decrementAndGet();
    }

    void expired(Ticket t) {
        flow(t).expired.increment();
    }

    private Flow flow(Ticket t) {
        return flows.computeIfAbsent(new Key(t.lane(), t.tenant()), this::register);
    }

    private record Key(String lane, String tenant) {}

    private record Flow(AtomicInteger waiting, AtomicInteger held, Timer waited, Counter granted, Counter expired) {}

    private Flow register(Key key) {
        Tags tags = Tags.of("lane", key.lane(), "tenant", key.tenant());
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger held = new AtomicInteger();
        Gauge.builder("conveyor.scheduler.waiting", waiting, AtomicInteger::get)
                .description("Jobs waiting for a call slot")
                .tags(tags)
                .register(meters);
        Gauge.builder("conveyor.scheduler.in.flight", held, AtomicInteger::get)
                .description("Call slots held (provider calls in flight or taking their permits)")
                .tags(tags)
                .register(meters);
        Gauge.builder(
                        "conveyor.scheduler.slot.share",
                        held,
                        h -> size == Integer.MAX_VALUE ? 0 : h.get() / (double) size)
                .description("Share of this worker's call slots held")
                .tags(tags)
                .register(meters);
        Timer wait = Timer.builder("conveyor.scheduler.wait")
                .description("A job's wait for a call slot")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
        Counter granted = Counter.builder("conveyor.scheduler.slots.granted")
                .description("Call slots given")
                .tags(tags)
                .register(meters);
        Counter expired = Counter.builder("conveyor.scheduler.deadline.exceeded")
                .description("Jobs whose deadline came before their call")
                .tags(tags)
                .register(meters);
        return new Flow(waiting, held, wait, granted, expired);
    }
}
