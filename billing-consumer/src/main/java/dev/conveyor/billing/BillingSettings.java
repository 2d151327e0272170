package dev.conveyor.billing;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything under {@code conveyor.billing.*}; checked at start-up, naming the bad key. */
@ConfigurationProperties("conveyor.billing")
public record BillingSettings(
        @DefaultValue Topics topics,
        @DefaultValue Consumer consumer,
        @DefaultValue Alerts alerts,
        @DefaultValue Export export,
        @DefaultValue Budget budget,
        @DefaultValue Reconciliation reconciliation) {

    public record Topics(
            @DefaultValue(dev.conveyor.schemas.Topics.USAGE) String usage,

            @DefaultValue(dev.conveyor.schemas.Topics.USAGE_DEAD_LETTER)
            String usageDeadLetter,

            @DefaultValue(dev.conveyor.schemas.Topics.ALERTS)
            String alerts) {
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

    /**
     * @param forecastAfter how much of a month must pass before its projected spend can raise an
     *     alert (a projection from the first hours swings wildly)
     */
    public record Budget(
            @DefaultValue({"50", "80", "100"}) List<Integer> defaultThresholds,
            @DefaultValue("P1D") Duration forecastAfter) {

        public Budget {
            if (forecastAfter == null || forecastAfter.isNegative()) {
                throw new IllegalStateException("conveyor.billing.budget.forecast-after should be 0 or more");
            }
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

    /**
     * Daily comparison of the ledger with providers' own usage and cost reports
     * ({@code conveyor.billing.reconciliation}); a provider takes part when it has an admin key.
     *
     * @param cron when the previous UTC day is reconciled (and the one before, whose reports may
     *     have settled since)
     * @param toleranceUsd the largest cost difference per day and model that is not a discrepancy
     * @param toleranceTokens the largest token difference per day, model and kind that is not one
     */
    public record Reconciliation(
            @DefaultValue("0 30 1 * * *") String cron,
            @DefaultValue("0.01") BigDecimal toleranceUsd,
            @DefaultValue("0") long toleranceTokens,
            Map<String, ProviderAdmin> providers) {

        public Reconciliation {
            if (toleranceUsd == null || toleranceUsd.signum() < 0) {
                throw new IllegalStateException("conveyor.billing.reconciliation.tolerance-usd should be 0 or more");
            }
            if (toleranceTokens < 0) {
                throw new IllegalStateException("conveyor.billing.reconciliation.tolerance-tokens should be 0 or more");
            }
            providers = providers == null ? Map.of() : Map.copyOf(providers);
            providers.forEach((name, p) -> p.check("conveyor.billing.reconciliation.providers." + name));
        }
    }

    /**
     * One provider's admin API, keyed by the provider name the ledger carries (e.g. {@code openai}).
     *
     * @param api {@code openai} or {@code anthropic}: whose usage and cost endpoints it speaks
     */
    public record ProviderAdmin(String api, String baseUrl, String adminKey) {

        void check(String key) {
            if (!"openai".equals(api) && !"anthropic".equals(api)) {
                throw new IllegalStateException(key + ".api should be openai or anthropic, got " + api);
            }
            requireText(baseUrl, key + ".base-url");
        }

        /** Reconciled only with an admin key. */
        public boolean enabled() {
            return adminKey != null && !adminKey.isBlank();
        }

        @Override
        public String toString() {
            return "ProviderAdmin[api=" + api + ", baseUrl=" + baseUrl + ", adminKey=" + (enabled() ? "***" : "none")
                    + "]";
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
