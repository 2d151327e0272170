package dev.conveyor.embedded;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, PostgreSQL and the registry for one JVM. {@link #shared()} starts them once per JVM
 * (the test fixtures' entry point) and stops them when the JVM exits.
 */
public final class Infrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);
    private static volatile Infrastructure shared;

    private final KafkaBroker kafka;
    private final Postgres postgres;
    private final Registry registry;
    private final int partitions;

    private Infrastructure(KafkaBroker kafka, Postgres postgres, Registry registry, int partitions) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.registry = registry;
        this.partitions = partitions;
    }

    /** Starts the three in parallel; the caller owns the result and closes it. */
    public static Infrastructure start(int partitions) {
        long started = System.nanoTime();
        CompletableFuture<Registry> registry = CompletableFuture.supplyAsync(Registry::start);
        CompletableFuture<Postgres> postgres = CompletableFuture.supplyAsync(Postgres::start);
        KafkaBroker kafka = KafkaBroker.start(partitions);
        Infrastructure infra = new Infrastructure(kafka, postgres.join(), registry.join(), partitions);
        log.info("Infrastructure up in {} ms", (System.nanoTime() - started) / 1_000_000);
        return infra;
    }

    /** One instance per JVM, stopped by a shutdown hook. */
    public static Infrastructure shared() {
        if (shared == null) {
            synchronized (Infrastructure.class) {
                if (shared == null) {
                    Infrastructure infra = start(12);
                    Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "infrastructure-stop"));
                    shared = infra;
                }
            }
        }
        return shared;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Creates those of {@code topics} that do not exist, with this broker's partition count: the
     * broker creates none on first use, and a test writes to topics no service it runs owns.
     */
    public void createTopics(String... topics) {
        KafkaTopics.create(bootstrapServers(), partitions, java.util.List.of(topics));
    }

    public Postgres postgres() {
        return postgres;
    }

    public Registry registry() {
        return registry;
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
        postgres.close();
    }
}
