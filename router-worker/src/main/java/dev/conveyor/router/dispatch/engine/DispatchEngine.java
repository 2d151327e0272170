package dev.conveyor.router.dispatch.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes topics with one {@link KafkaConsumer} and keeps many records in flight at once, each on
 * its own virtual thread, finishing in any order. Offsets are committed only up to the first record
 * not yet finished, so a crash or a rebalance never skips work; it may repeat some.
 *
 * <p>Glossary:
 *
 * <ul>
 *   <li><b>In flight</b>: a record handed to the {@link RecordProcessor} (or a poison record handed to
 *       the {@link PoisonHandler}) that has not finished yet. Capped across all partitions by {@link
 *       DispatchSettings#maxInFlight()}. Up to {@link DispatchSettings#prefetch()} more records wait
 *       for a slot; when that many wait, every partition pauses until none does.
 *   <li><b>Finished</b>: the processor returned, or it threw and the {@link FailureHandler} returned,
 *       or the poison handler returned. The engine never retries.
 *   <li><b>Low watermark</b>: per partition, the offset of the first record received and not yet
 *       finished (or the one after the last received, when all are finished). It is the only offset
 *       ever committed: every record before it is finished.
 *   <li><b>Window</b>: per partition and per assignment, the records from the low watermark to the
 *       last received. A stuck record keeps the low watermark (and the commit) where it is while the
 *       records behind it flow; when the window holds {@link
 *       DispatchSettings#maxPendingPerPartition()} records, just that partition pauses.
 * </ul>
 *
 * <p>Threads: one platform thread polls and is the only one to touch the consumer; workers report
 * completions through a queue. Commits are asynchronous every {@link
 * DispatchSettings#commitInterval()}, and synchronous when a partition is revoked (after waiting up
 * to {@link DispatchSettings#revocationTimeout()} for its in-flight records; later completions are
 * ignored) and on close.
 *
 * @param <V> the record value type, as the configured value deserializer produces it
 */
public final class DispatchEngine<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DispatchEngine.class);
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(30);

    private final Map<String, Object> consumerConfig;
    private final List<String> topics;
    private final DispatchSettings settings;
    private final RecordProcessor<V> processor;
    private final FailureHandler<V> failureHandler;
    private final PoisonHandler poisonHandler;
    private final MeterRegistry registry;
    private final Executor givenExecutor;
    private final String name;

    private ExecutorService ownExecutor;

    private KafkaConsumer<String, V> consumer;
    private PollLoop<V> loop;
    private Thread pollThread;
    private DispatchMetrics metrics;
    private boolean closed;

    private DispatchEngine(Builder<V> b) {
        this.consumerConfig = ConsumerConfigs.prepare(b.consumerConfig);
        this.topics = b.topics;
        this.settings = b.settings;
        this.processor = b.processor;
        this.failureHandler = b.failureHandler;
        this.poisonHandler = b.poisonHandler;
        this.registry = b.registry;
        this.name = b.name != null
                ? b.name
                : consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG).toString();
        this.givenExecutor = b.executor;
    }

    /**
     * Starts building an engine.
     *
     * @param consumerConfig Kafka consumer properties; needs {@code bootstrap.servers}, {@code
     *     group.id} and a value deserializer. Auto-commit is always turned off.
     * @param topics the topics to subscribe to
     * @param processor the work for each record
     */
    public static <V> Builder<V> builder(
            Map<String, ?> consumerConfig, Collection<String> topics, RecordProcessor<V> processor) {
        return new Builder<>(consumerConfig, topics, processor);
    }

    /** Creates the consumer, subscribes, and starts the poll thread. */
    public synchronized void start() {
        if (loop != null || closed) {
            throw new IllegalStateException("The dispatch engine " + name + " was already started");
        }
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(consumerConfig);
        Executor executor = givenExecutor;
        if (executor == null) {
            ownExecutor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("dispatch-" + name + "-", 0).factory());
            executor = ownExecutor;
        }
        Dispatcher dispatcher = new Dispatcher(executor, consumer::wakeup);
        Backpressure backpressure = new Backpressure(settings);
        metrics = new DispatchMetrics(registry, name, dispatcher::inFlight, backpressure::pausedPartitions);
        RecordWork<V> work = new RecordWork<>(processor, failureHandler, poisonHandler, metrics);
        loop = new PollLoop<>(consumer, topics, settings, work, dispatcher, backpressure);
        this.consumer = consumer;
        pollThread = Thread.ofPlatform().name("dispatch-poll-" + name).start(loop);
    }

    /** Whether the poll thread is running: false before start, after close, or after a fatal error. */
    public boolean isRunning() {
        PollLoop<V> l = loop;
        return l != null && l.running() && pollThread.isAlive();
    }

    /** Stops, waiting up to {@link DispatchSettings#closeTimeout()} for in-flight records. */
    @Override
    public void close() {
        close(settings.closeTimeout());
    }

    /**
     * Stops polling, waits up to {@code timeout} for in-flight records, commits what is finished, and
     * closes the consumer. Records still running after the timeout are abandoned (and will be
     * processed again by the next owner of their partition).
     */
    public synchronized void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        if (loop != null) {
            loop.stop(timeout);
            stopPollThread(timeout.plus(CLOSE_MARGIN));
        }
        release();
    }

    /** Stops as a crashed process would: no waiting for in-flight records and no commit. For tests. */
    synchronized void crash() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop != null) {
            loop.crash();
            stopPollThread(CLOSE_MARGIN);
        }
        release();
    }

    private void stopPollThread(Duration timeout) {
        consumer.wakeup();
        try {
            if (!pollThread.join(timeout)) {
                log.warn("The poll thread of dispatch engine {} did not stop within {}", name, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void release() {
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    /** Collects what an engine needs; {@link #onFailure} and {@link #onPoison} are required. */
    public static final class Builder<V> {

        private final Map<String, ?> consumerConfig;
        private final List<String> topics;
        private final RecordProcessor<V> processor;
        private DispatchSettings settings = DispatchSettings.defaults();
        private FailureHandler<V> failureHandler;
        private PoisonHandler poisonHandler;
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Executor executor;
        private String name;

        private Builder(Map<String, ?> consumerConfig, Collection<String> topics, RecordProcessor<V> processor) {
            this.consumerConfig = Objects.requireNonNull(consumerConfig, "consumerConfig");
            this.topics = List.copyOf(Objects.requireNonNull(topics, "topics"));
            this.processor = Objects.requireNonNull(processor, "processor");
        }

        public Builder<V> settings(DispatchSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Where records whose processor threw go (the router: the dead-letter topic). */
        public Builder<V> onFailure(FailureHandler<V> handler) {
            this.failureHandler = handler;
            return this;
        }

        /** Where undecodable records go (the router: the dead-letter topic, with the reason). */
        public Builder<V> onPoison(PoisonHandler handler) {
            this.poisonHandler = handler;
            return this;
        }

        /** Registry for the engine's meters; a {@link SimpleMeterRegistry} when not given. */
        public Builder<V> meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Runs records on this executor instead of a virtual thread per record; the engine never shuts it down. */
        public Builder<V> executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Names the poll thread and tags the meters ({@code engine=<name>}); the group id when not given. */
        public Builder<V> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public DispatchEngine<V> build() {
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("topics should name at least one topic");
            }
            if (failureHandler == null) {
                throw new IllegalStateException(
                        "onFailure is required: say where records go when the processor throws");
            }
            if (poisonHandler == null) {
                throw new IllegalStateException("onPoison is required: say where undecodable records go");
            }
            return new DispatchEngine<>(this);
        }
    }
}
