package dev.conveyor.router.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallSlotsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CallSlots slots = new CallSlots(1, lanes(), TenantWeights.equal(), true, Clock.systemUTC(), meters);
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> served = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        jobs.shutdownNow();
    }

    @Test
    void aFreedSlotGoesToAnInteractiveJobBeforeBulkJobsThatWaitedLonger() throws Exception {
        CallSlots.Slot held = slots.acquire(new Ticket("bulk", "a", null));
        CompletableFuture<Void> bulk = waitFor(new Ticket("bulk", "a", null), "bulk");
        await().until(() -> slots.waiting() == 1);
        CompletableFuture<Void> interactive = waitFor(new Ticket("interactive", "b", null), "interactive");
        await().until(() -> slots.waiting() == 2);

        held.release();

        CompletableFuture.allOf(bulk, interactive).get();
        assertThat(served).containsExactly("interactive", "bulk");
        assertThat(slots.taken()).isZero();
    }

    @Test
    void aJobWhoseDeadlineComesWhileItWaitsGivesUpWithoutTakingASlot() throws Exception {
        CallSlots.Slot held = slots.acquire(new Ticket("bulk", "a", null));
        Instant deadline = Instant.now().plusMillis(300);

        CompletableFuture<Void> late = waitFor(new Ticket("bulk", "c", deadline), "late");

        assertThat(late)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(DeadlinePassed.class);
        assertThat(served).isEmpty();
        assertThat(slots.waiting()).isZero();
        assertThat(slots.taken()).isEqualTo(1);
        assertThat(meters.get("conveyor.scheduler.deadline.exceeded")
                        .tag("tenant", "c")
                        .counter()
                        .count())
                .isEqualTo(1);
        held.release();
        assertThat(slots.taken()).isZero();
    }

    @Test
    void aJobAlreadyPastItsDeadlineGetsNoSlotEvenWhenOneIsFree() {
        Ticket late = new Ticket("bulk", "a", Instant.now().minusSeconds(1));

        assertThat(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return slots.acquire(late);
                            } catch (Exception e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        },
                        jobs))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(DeadlinePassed.class);
        assertThat(slots.taken()).isZero();
    }

    @Test
    void waitingAndHeldSlotsAreCountedPerLaneAndTenant() throws Exception {
        CallSlots.Slot held = slots.acquire(new Ticket("bulk", "a", null));
        CompletableFuture<Void> waiting = waitFor(new Ticket("interactive", "b", null), "b");
        await().until(() -> slots.waiting() == 1);

        assertThat(gauge("conveyor.scheduler.in.flight", "bulk", "a")).isEqualTo(1);
        assertThat(gauge("conveyor.scheduler.slot.share", "bulk", "a")).isEqualTo(1.0);
        assertThat(gauge("conveyor.scheduler.waiting", "interactive", "b")).isEqualTo(1);
        held.release();
        waiting.get();

        assertThat(gauge("conveyor.scheduler.in.flight", "bulk", "a")).isZero();
        assertThat(gauge("conveyor.scheduler.waiting", "interactive", "b")).isZero();
        assertThat(meters.get("conveyor.scheduler.wait")
                        .tag("tenant", "b")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    private double gauge(String name, String lane, String tenant) {
        return meters.get(name).tag("lane", lane).tag("tenant", tenant).gauge().value();
    }

    /** A job that waits for a slot, notes its name when it gets one, and gives the slot back. */
    private CompletableFuture<Void> waitFor(Ticket ticket, String name) {
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        CallSlots.Slot slot = slots.acquire(ticket);
                        served.add(name);
                        slot.release();
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                },
                jobs);
    }

    private static Map<String, Integer> lanes() {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        lanes.put("interactive", 4);
        lanes.put("bulk", 1);
        return lanes;
    }
}
