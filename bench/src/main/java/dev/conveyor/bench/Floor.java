package dev.conveyor.bench;

import dev.conveyor.embedded.KafkaTopics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the infrastructure alone takes on this machine, with the worker idle: the floor under
 * the router's overhead. The router waits on a database round trip before it calls a provider
 * (the job's completion record), another to save that record, and the broker's acknowledgement of
 * the job's outcome before its offset may be committed; its overhead cannot be smaller than these.
 * Measured one at a time, as a lone job would wait on them: a record of about a result's size sent
 * with the worker's {@code acks=all} and idempotence but no linger, and a one-row query.
 */
final class Floor {

    static final int WARM_UP = 50;
    static final int SAMPLES = 300;
    private static final Duration PAUSE = Duration.ofMillis(5);
    private static final int RECORD_BYTES = 1024;

    private Floor() {}

    /**
     * Measures the broker's acknowledgement on topic {@code topic} (created here, one partition)
     * and, when {@code database} is not null, a database round trip, into {@code node}.
     */
    static void measure(String bootstrap, String topic, LedgerDatabase.Login database, ObjectNode node) {
        KafkaTopics.create(bootstrap, 1, List.of(topic));
        double[] acks = brokerAcks(bootstrap, topic);
        node.put("samples", SAMPLES);
        Json.put(node, "broker_ack_p50_ms", Stats.percentile(acks, 50), 2);
        Json.put(node, "broker_ack_p99_ms", Stats.percentile(acks, 99), 2);
        if (database != null) {
            double[] trips = databaseRoundTrips(database);
            Json.put(node, "db_round_trip_p50_ms", Stats.percentile(trips, 50), 2);
            Json.put(node, "db_round_trip_p99_ms", Stats.percentile(trips, 99), 2);
        }
    }

    private static double[] brokerAcks(String bootstrap, String topic) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class);
        byte[] value = new byte[RECORD_BYTES];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            return time(i -> producer.send(new ProducerRecord<>(topic, "floor-" + i, value))
                    .get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused a floor record: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the broker's floor", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot measure the broker's floor: " + e.getMessage(), e);
        }
    }

    private static double[] databaseRoundTrips(LedgerDatabase.Login login) {
        try (Connection connection = DriverManager.getConnection(login.url(), login.username(), login.password());
                PreparedStatement query = connection.prepareStatement("SELECT ?::bigint")) {
            return time(i -> {
                query.setLong(1, i);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot measure the database's floor: " + e.getMessage(), e);
        }
    }

    /** One wait on the infrastructure, the {@code i}th. */
    private interface Trip {
        void run(int i) throws Exception;
    }

    /** Milliseconds of {@link #SAMPLES} trips after {@link #WARM_UP} unmeasured ones, {@link #PAUSE} apart. */
    private static double[] time(Trip trip) throws Exception {
        double[] millis = new double[SAMPLES];
        for (int i = 0; i < WARM_UP + SAMPLES; i++) {
            long started = System.nanoTime();
            trip.run(i);
            if (i >= WARM_UP) {
                millis[i - WARM_UP] = (System.nanoTime() - started) / 1e6;
            }
            LockSupport.parkNanos(PAUSE.toNanos());
        }
        return millis;
    }
}
