package dev.conveyor.router.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairQueueTest {

    private static final Map<String, Integer> LANES = lanes();
    private long seq;

    @Test
    void theInteractiveLaneGetsFourSlotsForEachBulkOneWhileBothWait() {
        FairQueue queue = new FairQueue(LANES, TenantWeights.equal(), true);
        add(queue, "bulk", "a", 100);
        add(queue, "interactive", "b", 100);

        List<Waiter> first = take(queue, 50);

        assertThat(first.stream().filter(w -> w.ticket.lane().equals("interactive")))
                .hasSize(40);
    }

    @Test
    void aLaneWithoutWorkGivesItsShareAway() {
        FairQueue queue = new FairQueue(LANES, TenantWeights.equal(), true);
        add(queue, "bulk", "a", 20);

        assertThat(take(queue, 20)).allMatch(w -> w.ticket.lane().equals("bulk"));
        assertThat(queue.next()).isNull();
    }

    @Test
    void tenantsWithWorkShareALaneByTheirWeights() {
        FairQueue queue = new FairQueue(LANES, tenant -> tenant.equals("c") ? 3 : 1, true);
        add(queue, "bulk", "a", 100);
        add(queue, "bulk", "c", 100);

        List<Waiter> first = take(queue, 40);

        assertThat(first.stream().filter(w -> w.ticket.tenant().equals("c"))).hasSize(30);
    }

    @Test
    void aTenantThatStartsWaitingLateGetsItsShareButNoCreditForItsIdleTime() {
        FairQueue queue = new FairQueue(LANES, TenantWeights.equal(), true);
        add(queue, "bulk", "a", 200);
        take(queue, 100);
        add(queue, "bulk", "c", 50);

        List<Waiter> next = take(queue, 20);

        assertThat(next.stream().filter(w -> w.ticket.tenant().equals("c"))).hasSize(10);
    }

    @Test
    void withinATenantTheEarliestDeadlineGoesFirstAndJobsWithoutOneLast() {
        FairQueue queue = new FairQueue(LANES, TenantWeights.equal(), true);
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        queue.add(waiter("bulk", "a", null));
        queue.add(waiter("bulk", "a", t.plusSeconds(30)));
        queue.add(waiter("bulk", "a", t.plusSeconds(10)));

        assertThat(take(queue, 3))
                .extracting(w -> w.ticket.deadline())
                .containsExactly(t.plusSeconds(10), t.plusSeconds(30), null);
    }

    @Test
    void unfairItServesEveryoneInArrivalOrder() {
        FairQueue queue = new FairQueue(LANES, TenantWeights.equal(), false);
        add(queue, "bulk", "a", 3);
        add(queue, "interactive", "b", 3);

        assertThat(take(queue, 6)).extracting(w -> w.ticket.tenant()).containsExactly("a", "a", "a", "b", "b", "b");
    }

    @Test
    void aWaiterThatGivesUpIsNeverChosen() {
        FairQueue queue = new FairQueue(LANES, TenantWeights.equal(), true);
        Waiter gone = waiter("interactive", "b", null);
        queue.add(gone);
        add(queue, "bulk", "a", 1);

        assertThat(queue.remove(gone)).isTrue();

        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.next().ticket.tenant()).isEqualTo("a");
        assertThat(queue.remove(gone)).isFalse();
    }

    private void add(FairQueue queue, String lane, String tenant, int count) {
        for (int i = 0; i < count; i++) {
            queue.add(waiter(lane, tenant, null));
        }
    }

    private Waiter waiter(String lane, String tenant, Instant deadline) {
        return new Waiter(new Ticket(lane, tenant, deadline), seq++, Thread.currentThread());
    }

    private static List<Waiter> take(FairQueue queue, int count) {
        List<Waiter> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            taken.add(queue.next());
        }
        return taken;
    }

    private static Map<String, Integer> lanes() {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        lanes.put("interactive", 4);
        lanes.put("bulk", 1);
        return lanes;
    }
}
