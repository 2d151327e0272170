package dev.conveyor.router.dispatch.engine;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the caller's consumer config into one the engine can run on. */
final class ConsumerConfigs {

    private static final Logger log = LoggerFactory.getLogger(ConsumerConfigs.class);

    private ConsumerConfigs() {}

    /**
     * Requires a group id; turns auto-commit off (the engine commits only finished offsets); keys
     * default to strings; and, on the classic group protocol, partitions move with the
     * cooperative-sticky assignor unless the caller chose one, so a rebalance revokes only the
     * partitions that actually move. (The consumer group protocol rejects an assignor setting, so
     * none is added there.)
     */
    static Map<String, Object> prepare(Map<String, ?> given) {
        Map<String, Object> config = new HashMap<>(given);
        Object groupId = config.get(ConsumerConfig.GROUP_ID_CONFIG);
        if (groupId == null || groupId.toString().isBlank()) {
            throw new IllegalArgumentException(
                    "group.id is required: the engine commits finished offsets for a consumer group");
        }
        Object autoCommit = config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (autoCommit != null && Boolean.parseBoolean(autoCommit.toString())) {
            log.warn("Ignoring enable.auto.commit=true: the dispatch engine commits only finished offsets");
        }
        config.putIfAbsent(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Object protocol = config.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        if (protocol == null || "classic".equalsIgnoreCase(protocol.toString())) {
            config.putIfAbsent(
                    ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        return config;
    }
}
