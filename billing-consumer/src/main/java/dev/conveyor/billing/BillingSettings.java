package dev.conveyor.billing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything under {@code conveyor.billing.*}; checked at start-up, naming the bad key. */
@ConfigurationProperties("conveyor.billing")
public record BillingSettings(
        @DefaultValue Topics topics,
        @DefaultValue Consumer consumer,
        @DefaultValue Alerts alerts,
        @DefaultValue Export export,
        @DefaultValue Budget budget) {

    public record Topics(
            @DefaultValue(dev.conveyor.schemas.Topics.USAGE) String usage,
            @DefaultValue(dev.conveyor.schemas.Topics.USAGE_DEAD_LETTER) String usageDeadLetter,
            @DefaultValue(dev.conveyor.schemas.Topics.ALERTS) String alerts) {
        public Topics {
            requireText(usage, "conveyor.billing.topics.usage");
            requireText(usageDeadLetter, "conveyor.billing.topics.usage-dead-letter");
            requireText(alerts, "conveyor.billing.topics.alerts");
            if (usage.equals(usageDeadLetter)) {
                throw new IllegalStateException(
                        "conveyor.billing.topics.usage-dead-letter must differ from conveyor.billing.topics.usage");
            }
        }
    }

    public record Consumer(
            @DefaultValue("conveyor-billing") String groupId,
            @DefaultValue("10000") int maxPollRecords,
            @DefaultValue("2") int concurrency,
            @DefaultValue("true") boolean autoStartup,
            @DefaultValue("30s") Duration maxRetryInterval) {
        public Consumer {
            requireText(groupId, "conveyor.billing.consumer.group-id");
            requirePositive(maxPollRecords, "conveyor.billing.consumer.max-poll-records");
            requirePositive(concurrency, "conveyor.billing.consumer.concurrency");
            if (maxRetryInterval.isNegative() || maxRetryInterval.isZero()) {
                throw new IllegalStateException("conveyor.billing.consumer.max-retry-interval should be positive");
            }
        }
    }

    public record Alerts(
            @DefaultValue("true") boolean publishing,
            @DefaultValue("1s") Duration publishInterval) {}

    public record Export(
            @DefaultValue("./billing-exports") Path directory,
            @DefaultValue("0 15 0 1 * *") String cron,
            @DefaultValue("true") boolean scheduled) {}

    public record Budget(@DefaultValue({"50", "80", "100"}) List<Integer> defaultThresholds) {
        public Budget {
            if (defaultThresholds.isEmpty()) {
                throw new IllegalStateException("conveyor.billing.budget.default-thresholds should not be empty");
            }
            for (int threshold : defaultThresholds) {
                if (threshold <= 0 || threshold > 1000) {
                    throw new IllegalStateException(
                            "conveyor.billing.budget.default-thresholds should be percentages between 1 and 1000, got "
                                    + threshold);
                }
            }
            defaultThresholds = List.copyOf(defaultThresholds);
        }
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(key + " should not be blank");
        }
    }

    private static void requirePositive(int value, String key) {
        if (value <= 0) {
            throw new IllegalStateException(key + " should be greater than 0, got " + value);
        }
    }
}
