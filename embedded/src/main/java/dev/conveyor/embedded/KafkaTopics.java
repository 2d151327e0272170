package dev.conveyor.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics on a broker that does not create them on first use ({@link KafkaBroker}): what a
 * test or a driver writes to and no service it runs owns.
 */
public final class KafkaTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaTopics() {}

    /**
     * Creates each of {@code names} that does not exist yet with {@code partitions} partitions
     * (one that exists is left as it is), and returns once every partition of each has a leader, so
     * a producer's first send does not wait for one.
     */
    public static void create(String bootstrapServers, int partitions, Collection<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = names.stream()
                    .distinct()
                    .map(name -> new NewTopic(name, partitions, (short) 1))
                    .toList();
            admin.createTopics(topics).values().forEach((name, created) -> {
                try {
                    get(created);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                }
            });
            awaitLeaders(admin, names);
        }
    }

    private static void awaitLeaders(Admin admin, Collection<String> names) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!everyPartitionHasALeader(admin, names)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "topics " + names + " have partitions without a leader after " + TIMEOUT);
            }
            Thread.onSpinWait();
        }
    }

    private static boolean everyPartitionHasALeader(Admin admin, Collection<String> names) {
        try {
            Map<String, TopicDescription> described =
                    get(admin.describeTopics(List.copyOf(names)).allTopicNames());
            return described.values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            return false;
        }
    }

    private static <T> T get(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer within " + TIMEOUT, e);
        }
    }
}
