package dev.conveyor.router.dispatch.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands jobs to the executor and brings their completions back to the poll thread. Workers only
 * append to a queue (and, when the poll thread asked for it, wake the consumer); windows are updated
 * when the poll thread drains that queue.
 */
final class Dispatcher {

    private final Executor executor;
    private final Runnable wakeup;
    private final BlockingQueue<Job> finished = new LinkedBlockingQueue<>();
    /** Jobs in {@link #finished} that were given up ({@link LeftUnfinished}), not finished. */
    private final Set<Job> leftUnfinished = ConcurrentHashMap.newKeySet();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean wakeOnFinish = new AtomicBoolean();

    Dispatcher(Executor executor, Runnable wakeup) {
        this.executor = executor;
        this.wakeup = wakeup;
    }

    /**
     * Starts the job. Counting it after the executor took it is safe: completions are applied only
     * by the poll thread, which is the caller. A refusal propagates and the job stays unfinished, so
     * no commit passes it.
     *
     * @throws RejectedExecutionException when the executor refuses the job
     */
    void submit(Job job) {
        executor.execute(() -> run(job));
        job.window().handedOut();
        inFlight.incrementAndGet();
    }

    /** Records handed out whose completion the poll thread has not yet applied. */
    int inFlight() {
        return inFlight.get();
    }

    /** Applies every completion waiting in the queue. */
    void drain() {
        Job job;
        while ((job = finished.poll()) != null) {
            complete(job);
        }
    }

    /**
     * Applies completions until none of these windows has a record in flight, or the timeout passes.
     *
     * @return whether the windows are idle
     */
    boolean awaitIdle(Collection<PartitionWindow> windows, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        drain();
        while (windows.stream().anyMatch(w -> w.inFlight() > 0)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Job job = finished.poll(left, TimeUnit.NANOSECONDS);
                if (job != null) {
                    complete(job);
                    drain();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Asks the next worker to finish to wake the consumer, for when the poll thread waits for
     * capacity.
     *
     * @return false when a completion is already waiting, so the poll thread should not block
     */
    boolean wakeOnNextFinish() {
        wakeOnFinish.set(true);
        return finished.isEmpty();
    }

    void noWakeNeeded() {
        wakeOnFinish.set(false);
    }

    private void run(Job job) {
        try {
            job.work().run();
        } catch (LeftUnfinished e) {
            leftUnfinished.add(job);
        } finally {
            finished.add(job);
            if (wakeOnFinish.compareAndSet(true, false)) {
                wakeup.run();
            }
        }
    }

    private void complete(Job job) {
        if (leftUnfinished.remove(job)) {
            job.window().abandon(job.offset());
        } else {
            job.window().finish(job.offset());
        }
        inFlight.decrementAndGet();
    }
}
