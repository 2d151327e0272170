package dev.conveyor.router.scheduling;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The jobs waiting for a call slot, and which goes next: the lane by weight, then the tenant by
 * weighted fair queuing within the lane, then the earliest deadline within the tenant (arrival order
 * among equals). Unfair, it is one queue in arrival order. Used under the slots' lock only.
 *
 * <p>Glossary (stride scheduling on two levels):
 *
 * <ul>
 *   <li><b>Pass</b>: a lane's or tenant's virtual time; each slot it is given adds 1 / weight, and the
 *       one with work and the lowest pass goes next. Over time each gets slots in proportion to its
 *       weight among those with work.
 *   <li><b>Clock</b>: the pass of the last one served. One that starts waiting again starts at the
 *       clock at least, so time spent without work earns no credit: an idle lane or tenant gives its
 *       share away instead of saving it up.
 * </ul>
 */
final class FairQueue {

    private static final String ALL = "";
    private static final Comparator<Waiter> BY_DEADLINE =
            Comparator.comparingLong(Waiter::deadlineOrder).thenComparingLong(w -> w.seq);
    private static final Comparator<Waiter> BY_ARRIVAL = Comparator.comparingLong(w -> w.seq);

    private final Map<String, Integer> laneWeights;
    private final TenantWeights tenantWeights;
    private final boolean fair;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private double clock;
    private int size;

    FairQueue(Map<String, Integer> laneWeights, TenantWeights tenantWeights, boolean fair) {
        this.laneWeights = Map.copyOf(laneWeights);
        this.tenantWeights = tenantWeights;
        this.fair = fair;
        // lanes in configured order, so that ties go to the first configured
        laneWeights.keySet().forEach(this::lane);
    }

    void add(Waiter w) {
        Lane lane = lane(fair ? w.ticket.lane() : ALL);
        if (lane.waiting == 0) {
            lane.pass = Math.max(lane.pass, clock);
        }
        lane.add(w, fair ? w.ticket.tenant() : ALL);
        size++;
    }

    /** Takes the next waiter out, or null when none waits. */
    Waiter next() {
        Lane chosen = null;
        for (Lane lane : lanes.values()) {
            if (lane.waiting > 0 && (chosen == null || lane.pass < chosen.pass)) {
                chosen = lane;
            }
        }
        if (chosen == null) {
            return null;
        }
        clock = chosen.pass;
        chosen.pass += 1.0 / chosen.weight;
        size--;
        return chosen.next();
    }

    /** Takes this waiter out (it gave up); false when it is no longer waiting here. */
    boolean remove(Waiter w) {
        Lane lane = lanes.get(fair ? w.ticket.lane() : ALL);
        if (lane == null || !lane.remove(w, fair ? w.ticket.tenant() : ALL)) {
            return false;
        }
        size--;
        return true;
    }

    int size() {
        return size;
    }

    private Lane lane(String name) {
        return lanes.computeIfAbsent(name, n -> new Lane(Math.max(1, laneWeights.getOrDefault(n, 1))));
    }

    private final class Lane {

        final int weight;
        /** One small entry per tenant seen in this lane: its pass must outlive its idle moments. */
        final Map<String, Tenant> tenants = new HashMap<>();
        /** Tenants with waiters, lowest pass first. */
        final PriorityQueue<Tenant> active = new PriorityQueue<>(
                Comparator.<Tenant>comparingDouble(t -> t.pass).thenComparingLong(t -> t.activated));

        double pass;
        double clock;
        int waiting;
        long activations;

        Lane(int weight) {
            this.weight = weight;
        }

        void add(Waiter w, String tenantName) {
            Tenant tenant = tenants.computeIfAbsent(tenantName, Tenant::new);
            if (tenant.queue.isEmpty()) {
                tenant.pass = Math.max(tenant.pass, clock);
                tenant.weight = Math.max(1, tenantWeights.weightOf(w.ticket.tenant()));
                tenant.activated = activations++;
                tenant.queue.add(w);
                active.add(tenant);
            } else {
                tenant.queue.add(w);
            }
            waiting++;
        }

        Waiter next() {
            Tenant tenant = active.poll();
            clock = tenant.pass;
            tenant.pass += 1.0 / tenant.weight;
            Waiter w = tenant.queue.poll();
            if (!tenant.queue.isEmpty()) {
                active.add(tenant);
            }
            waiting--;
            return w;
        }

        boolean remove(Waiter w, String tenantName) {
            Tenant tenant = tenants.get(tenantName);
            if (tenant == null || !tenant.queue.remove(w)) {
                return false;
            }
            if (tenant.queue.isEmpty()) {
                active.remove(tenant);
            }
            waiting--;
            return true;
        }
    }

    private final class Tenant {

        final String name;
        final PriorityQueue<Waiter> queue = new PriorityQueue<>(fair ? BY_DEADLINE : BY_ARRIVAL);
        double pass;
        int weight = 1;
        long activated;

        Tenant(String name) {
            this.name = name;
        }
    }
}
