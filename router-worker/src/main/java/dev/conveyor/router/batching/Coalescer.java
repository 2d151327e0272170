package dev.conveyor.router.batching;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Turns many concurrent single-item calls into few batch calls: each caller enqueues its item and
 * waits; a small pool of flusher threads takes whatever has queued up (at most {@code maxBatch}
 * items) and hands it to the batch function in one go. Nothing waits on a timer: while a batch
 * runs, the next one gathers, so under light load a batch holds one item and under heavy load
 * thousands of jobs in flight share a handful of database round trips.
 *
 * <p>When a batch of several items fails, each of its items is retried alone, so one bad item
 * fails only its own caller.
 *
 * @param <I> an item
 * @param <O> the answer for one item
 */
public final class Coalescer<I, O> implements AutoCloseable {

    /** Answers a batch: one answer per item, in the items' order. */
    @FunctionalInterface
    public interface BatchFunction<I, O> {
        List<O> apply(List<I> items) throws Exception;
    }

    private record Pending<I, O>(I item, CompletableFuture<O> answer) {}

    private final String name;
    private final int maxBatch;
    private final BatchFunction<I, O> function;
    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Timer waits;
    private final List<Thread> flushers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param name names the flusher threads
     * @param maxBatch the most items one batch call gets
     * @param flushers how many batch calls may run at once
     * @param meters where the wait per item is recorded ({@code conveyor.batch.wait}, tagged with the name)
     */
    public Coalescer(String name, int maxBatch, int flushers, MeterRegistry meters, BatchFunction<I, O> function) {
        if (maxBatch < 1 || flushers < 1) {
            throw new IllegalArgumentException("maxBatch and flushers must be at least 1");
        }
        this.name = name;
        this.maxBatch = maxBatch;
        this.function = function;
        this.waits = Timer.builder("conveyor.batch.wait")
                .description("How long an item waits for its batch: queueing and the batch call")
                .tag("batch", name)
                .register(meters);
        for (int i = 0; i < flushers; i++) {
            Thread thread = Thread.ofPlatform()
                    .name(name + "-flusher-" + i)
                    .daemon(true)
                    .start(this::flushLoop);
            this.flushers.add(thread);
        }
    }

    /** An item queued for a batch; {@link #await} waits for its answer. */
    public static final class Ticket<O> {
        private final CompletableFuture<O> answer;
        private final String name;

        private Ticket(CompletableFuture<O> answer, String name) {
            this.answer = answer;
            this.name = name;
        }

        /**
         * Waits for the item's answer.
         *
         * @throws RuntimeException what the batch function threw for this item (checked exceptions
         *     wrapped in {@link BatchFailedException})
         */
        public O await() {
            try {
                return answer.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new BatchFailedException(name + " failed", cause);
            }
        }
    }

    /**
     * Queues {@code item} for the next batch and returns at once, so the caller can do other work
     * while the batch runs, then {@link Ticket#await} the answer.
     */
    public Ticket<O> begin(I item) {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        return new Ticket<>(enqueue(item), name);
    }

    /** Queues the item; its wait, queueing and batch call, is recorded when its answer comes. */
    private CompletableFuture<O> enqueue(I item) {
        CompletableFuture<O> answer = new CompletableFuture<>();
        long started = System.nanoTime();
        answer.whenComplete((o, e) -> waits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
        queue.add(new Pending<>(item, answer));
        return answer;
    }

    /**
     * Runs {@code item} in the next batch and waits for its answer.
     *
     * @throws RuntimeException what the batch function threw for this item (checked exceptions
     *     wrapped in {@link BatchFailedException})
     */
    public O call(I item) {
        return begin(item).await();
    }

    /**
     * Runs {@code item} in a coming batch without waiting for its answer, unless {@code maxQueued}
     * items are queued already: then it waits as {@link #call} does, so a batch function slower than
     * its callers slows them down instead of letting the queue grow without bound.
     */
    public CompletableFuture<O> submit(I item, int maxQueued) {
        if (queue.size() >= maxQueued) {
            try {
                return CompletableFuture.completedFuture(call(item));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " is closed"));
        }
        return enqueue(item);
    }

    private void flushLoop() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                run(batch);
            } catch (InterruptedException e) {
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Pending<I, O>> batch) {
        try {
            answer(batch, function.apply(batch.stream().map(Pending::item).toList()));
        } catch (Throwable batchFailure) {
            if (batch.size() == 1) {
                batch.getFirst().answer().completeExceptionally(batchFailure);
                return;
            }
            for (Pending<I, O> alone : batch) {
                try {
                    answer(List.of(alone), function.apply(List.of(alone.item())));
                } catch (Throwable failure) {
                    alone.answer().completeExceptionally(failure);
                }
            }
        }
    }

    private void answer(List<Pending<I, O>> batch, List<O> answers) {
        if (answers.size() != batch.size()) {
            throw new IllegalStateException(
                    name + " answered " + answers.size() + " items for a batch of " + batch.size());
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer().complete(answers.get(i));
        }
    }

    /** Items waiting for a batch, not counting those in the batches running now. */
    public int queued() {
        return queue.size();
    }

    /** Finishes what is queued, then stops the flushers. */
    @Override
    public void close() {
        closed = true;
        for (Thread flusher : flushers) {
            try {
                flusher.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Pending<I, O> left;
        while ((left = queue.poll()) != null) {
            left.answer().completeExceptionally(new IllegalStateException(name + " closed"));
        }
    }

    /** A batch function threw a checked exception. */
    public static final class BatchFailedException extends RuntimeException {
        BatchFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
