package dev.conveyor.router.dispatch.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the test processors saw: which worker started and finished each record, how many ran at
 * once, and whether one record ever ran twice at the same time. Also holds records back on request.
 */
final class Ledger {

    record Id(int partition, long offset) {
        static Id of(ConsumerRecord<?, ?> record) {
            return new Id(record.partition(), record.offset());
        }
    }

    /** A record held back until released, for one worker or (worker null) for all. */
    private record Hold(String worker, CountDownLatch gate) {
        boolean appliesTo(String w) {
            return worker == null || worker.equals(w);
        }
    }

    interface Body {
        void run() throws Exception;
    }

    private final Map<Id, List<String>> started = new ConcurrentHashMap<>();
    private final Map<Id, List<String>> finished = new ConcurrentHashMap<>();
    private final Set<Id> running = ConcurrentHashMap.newKeySet();
    private final Set<Id> ranConcurrently = ConcurrentHashMap.newKeySet();
    private final Map<Id, Hold> held = new ConcurrentHashMap<>();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();

    /** A processor for worker {@code worker} that records each record and waits while it is held. */
    <V> RecordProcessor<V> processor(String worker) {
        return record -> track(worker, record, () -> {});
    }

    <V> RecordProcessor<V> processor(String worker, Duration simulatedCall) {
        return record -> track(worker, record, () -> call(simulatedCall));
    }

    void track(String worker, ConsumerRecord<?, ?> record, Body body) throws Exception {
        Id id = Id.of(record);
        if (!running.add(id)) {
            ranConcurrently.add(id);
        }
        started.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(worker);
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            Hold hold = held.get(id);
            if (hold != null && hold.appliesTo(worker)) {
                hold.gate().await(2, TimeUnit.MINUTES);
            }
            body.run();
        } finally {
            concurrent.decrementAndGet();
            running.remove(id);
            finished.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(worker);
        }
    }

    /** Makes the processor hold this record until {@link #release}. */
    void hold(int partition, long offset) {
        held.put(new Id(partition, offset), new Hold(null, new CountDownLatch(1)));
    }

    /** Makes only this worker's processor hold this record until {@link #release}. */
    void holdFor(String worker, int partition, long offset) {
        held.put(new Id(partition, offset), new Hold(worker, new CountDownLatch(1)));
    }

    void release(int partition, long offset) {
        held.get(new Id(partition, offset)).gate().countDown();
    }

    void releaseAll() {
        held.values().forEach(h -> h.gate().countDown());
    }

    int startedCount() {
        return started.size();
    }

    boolean started(int partition, long offset) {
        return started.containsKey(new Id(partition, offset));
    }

    boolean finished(int partition, long offset) {
        return finished.containsKey(new Id(partition, offset));
    }

    int finishedCount() {
        return finished.size();
    }

    long finishedCount(int partition) {
        return finished.keySet().stream()
                .filter(id -> id.partition() == partition)
                .count();
    }

    long startedCount(int partition) {
        return started.keySet().stream()
                .filter(id -> id.partition() == partition)
                .count();
    }

    /** Records finished by this worker. */
    Set<Id> finishedBy(String worker) {
        return finished.entrySet().stream()
                .filter(e -> e.getValue().contains(worker))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** Records started more than once, by any workers. */
    Set<Id> startedMoreThanOnce() {
        return started.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    Set<Id> ranConcurrently() {
        return Set.copyOf(ranConcurrently);
    }

    int concurrent() {
        return concurrent.get();
    }

    int maxConcurrent() {
        return maxConcurrent.get();
    }

    /** Stands in for a provider call that takes this long. */
    static void call(Duration latency) {
        CompletableFuture.runAsync(
                        () -> {}, CompletableFuture.delayedExecutor(latency.toMillis(), TimeUnit.MILLISECONDS))
                .join();
    }
}
