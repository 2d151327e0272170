package dev.conveyor.router.dispatch.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * The poll thread: the only thread that touches the consumer. Each turn it polls, registers what
 * arrived in the partitions' windows, applies finished work, hands waiting records out up to the
 * cap, pauses or resumes partitions, and commits when the interval has passed.
 */
final class PollLoop<V> implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Consumer<String, V> consumer;
    private final Collection<String> topics;
    private final DispatchSettings settings;
    private final RecordWork<V> work;
    private final Dispatcher dispatcher;
    private final Backpressure backpressure;
    private final Assignment assignment = new Assignment();
    /** Records received and not yet handed out, in arrival order. */
    private final WaitingJobs waiting = new WaitingJobs();

    private final Committer committer;

    private volatile boolean running = true;
    private volatile boolean commitOnStop = true;
    private volatile Duration stopTimeout;

    PollLoop(
            Consumer<String, V> consumer,
            Collection<String> topics,
            DispatchSettings settings,
            RecordWork<V> work,
            Dispatcher dispatcher,
            Backpressure backpressure) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.settings = settings;
        this.work = work;
        this.dispatcher = dispatcher;
        this.backpressure = backpressure;
        this.committer = new Committer(consumer, assignment, settings.commitInterval());
        this.stopTimeout = settings.closeTimeout();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(
                    topics,
                    new RebalanceHandler(consumer, settings, assignment, waiting, dispatcher, committer, backpressure));
            while (running) {
                turn();
            }
        } catch (Throwable t) {
            log.error("The dispatch engine for {} stopped on an unexpected error; restart it", topics, t);
        } finally {
            running = false;
            shutDown();
        }
    }

    /** Asks the loop to stop: wait up to this long for in-flight records, commit, close the consumer. */
    void stop(Duration timeout) {
        stopTimeout = timeout;
        running = false;
    }

    /** Asks the loop to stop as if the process died: no waiting and no commit. */
    void crash() {
        commitOnStop = false;
        running = false;
    }

    boolean running() {
        return running;
    }

    private void turn() {
        accept(poll());
        dispatcher.drain();
        handOutWaiting();
        backpressure.apply(consumer, dispatcher.inFlight(), waiting.size(), assignment.all());
        committer.commitIfDue();
    }

    private ConsumerRecords<String, V> poll() {
        boolean waitingForCapacity = !waiting.isEmpty() || backpressure.full();
        boolean mayBlock = !waitingForCapacity || dispatcher.wakeOnNextFinish();
        try {
            return consumer.poll(mayBlock ? settings.pollTimeout() : Duration.ZERO);
        } catch (WakeupException e) {
            return ConsumerRecords.empty();
        } catch (RecordDeserializationException e) {
            acceptPoison(e);
            return ConsumerRecords.empty();
        } finally {
            dispatcher.noWakeNeeded();
        }
    }

    private void accept(ConsumerRecords<String, V> records) {
        for (TopicPartition partition : records.partitions()) {
            PartitionWindow window = assignment.window(partition);
            if (window == null) {
                continue;
            }
            for (ConsumerRecord<String, V> record : records.records(partition)) {
                if (window.receive(record.offset())) {
                    waiting.add(new Job(window, record.offset(), workFor(record)));
                }
            }
        }
    }

    private Runnable workFor(ConsumerRecord<String, V> record) {
        DeserializationException failure = Poison.failureIn(record);
        return failure == null ? work.process(record) : work.poison(Poison.raw(record, failure), failure);
    }

    /** Poll stopped at an undecodable record: queue it for the poison handler and move past it. */
    private void acceptPoison(RecordDeserializationException e) {
        PartitionWindow window = assignment.window(e.topicPartition());
        if (window == null) {
            return;
        }
        if (window.receive(e.offset())) {
            waiting.add(new Job(window, e.offset(), work.poison(Poison.raw(e), e)));
        }
        consumer.seek(e.topicPartition(), e.offset() + 1);
    }

    private void handOutWaiting() {
        while (!waiting.isEmpty() && dispatcher.inFlight() < settings.maxInFlight()) {
            dispatcher.submit(waiting.poll());
        }
    }

    private void shutDown() {
        waiting.clear();
        try {
            if (commitOnStop) {
                List<PartitionWindow> windows = assignment.all();
                if (!dispatcher.awaitIdle(windows, stopTimeout)) {
                    log.warn("Closing with records still in flight after {}; they may be processed again", stopTimeout);
                }
                committer.commitNow(windows);
            }
        } catch (RuntimeException e) {
            log.warn("Could not commit on close; records may be processed again", e);
        } finally {
            assignment.forgetAll();
            closeConsumer();
        }
    }

    private void closeConsumer() {
        try {
            consumer.close(CloseOptions.timeout(CONSUMER_CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            log.warn("Closing the consumer failed", e);
        }
    }
}
