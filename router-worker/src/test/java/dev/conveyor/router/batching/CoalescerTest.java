package dev.conveyor.router.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CoalescerTest {

    @Test
    void concurrentCallersShareBatchesAndEachGetsItsOwnAnswer() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Coalescer<Integer, String> coalescer =
                        new Coalescer<>("test", 100, 1, new SimpleMeterRegistry(), items -> {
                            batchSizes.add(items.size());
                            firstBatchStarted.countDown();
                            release.await();
                            return items.stream().map(i -> "answer-" + i).toList();
                        });
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = callers.submit(() -> coalescer.call(0));
            assertThat(firstBatchStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> rest = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                int item = i;
                rest.add(callers.submit(() -> coalescer.call(item)));
            }
            await().until(() -> coalescer.queued() == 50); // the 50 queue up behind the running batch
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("answer-0");
            for (int i = 0; i < rest.size(); i++) {
                assertThat(rest.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("answer-" + (i + 1));
            }
        }
        assertThat(batchSizes).containsExactly(1, 50);
    }

    @Test
    @Timeout(30) // a submit that waits when it should not would otherwise hang here
    void aSubmittedItemDoesNotWaitForItsBatchUntilTooManyAreQueued() throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Coalescer<Integer, Integer> coalescer =
                        new Coalescer<>("test", 100, 1, new SimpleMeterRegistry(), items -> {
                            firstBatchStarted.countDown();
                            release.await();
                            return items;
                        });
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var running = coalescer.submit(0, 2);
            assertThat(firstBatchStarted.await(5, TimeUnit.SECONDS)).isTrue();
            var queued = coalescer.submit(1, 2);
            var alsoQueued = coalescer.submit(2, 2);
            assertThat(running).isNotDone();
            assertThat(queued).isNotDone();

            Future<Boolean> overLimit =
                    callers.submit(() -> coalescer.submit(3, 2).isDone());
            await().during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(5))
                    .alias("two are queued: the third waits for its batch")
                    .until(() -> !overLimit.isDone());

            release.countDown();
            assertThat(overLimit.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(running.get(5, TimeUnit.SECONDS)).isZero();
            assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(alsoQueued.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    @Timeout(10)
    void anItemsWaitIsRecordedWhenItsBatchAnswersEvenIfNobodyAwaitsIt() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        try (Coalescer<Integer, Integer> coalescer = new Coalescer<>("test", 10, 1, meters, items -> {
            release.await();
            return items;
        })) {
            Coalescer.Ticket<Integer> ticket = coalescer.begin(1);
            var submitted = coalescer.submit(2, 100); // a submitted item: no caller awaits it
            release.countDown();
            assertThat(submitted.join()).isEqualTo(2);

            // both items' waits are counted as their batch answers, before anybody awaits the ticket
            var waits = meters.get("conveyor.batch.wait").tag("batch", "test").timer();
            await().until(() -> waits.count() >= 2);
            assertThat(waits.count()).isEqualTo(2);
            assertThat(ticket.await()).isEqualTo(1);
            assertThat(waits.count()).as("awaiting records nothing more").isEqualTo(2);
        }
    }

    @Test
    void batchesNeverExceedTheirLimit() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        try (Coalescer<Integer, Integer> coalescer = new Coalescer<>("test", 8, 2, new SimpleMeterRegistry(), items -> {
                    batchSizes.add(items.size());
                    Thread.sleep(5);
                    return items;
                });
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int item = i;
                answers.add(callers.submit(() -> coalescer.call(item)));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
        }
        assertThat(batchSizes).allMatch(size -> size >= 1 && size <= 8);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(500);
    }

    @Test
    void aFailingItemFailsOnlyItsOwnCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        try (Coalescer<Integer, Integer> coalescer =
                        new Coalescer<>("test", 100, 1, new SimpleMeterRegistry(), items -> {
                            running.set(items.size());
                            release.await();
                            if (items.contains(13)) {
                                throw new IllegalArgumentException("13 is refused");
                            }
                            return items;
                        });
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 10; i < 16; i++) {
                int item = i;
                answers.add(callers.submit(() -> coalescer.call(item)));
            }
            await().until(() -> running.get() + coalescer.queued() == 6); // all six in or behind the first batch
            release.countDown();
            for (int i = 0; i < answers.size(); i++) {
                Future<Integer> answer = answers.get(i);
                if (i + 10 == 13) {
                    assertThatThrownBy(answer::get).hasRootCauseInstanceOf(IllegalArgumentException.class);
                } else {
                    assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(i + 10);
                }
            }
        }
    }

    @Test
    void aCheckedFailureReachesTheCallerWrapped() {
        try (Coalescer<Integer, Integer> coalescer =
                new Coalescer<>("test", 10, 1, new SimpleMeterRegistry(), items -> {
                    throw new java.io.IOException("disk on fire");
                })) {
            assertThatThrownBy(() -> coalescer.call(1))
                    .isInstanceOf(Coalescer.BatchFailedException.class)
                    .hasRootCauseMessage("disk on fire");
        }
    }
}
