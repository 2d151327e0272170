package dev.conveyor.router.deferral;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code conveyor.router.deferral}: jobs that may wait go through their provider's batch API.
 *
 * @param enabled whether any job is deferred
 * @param horizon a job whose deadline is at least this far away may wait for a provider batch
 *     (which a provider answers within 24 hours); the default leaves an hour for the batch to be
 *     flushed and, should it fail, for the job to be called synchronously
 * @param flushAge a provider batch is submitted once its oldest job has waited this long (or sooner,
 *     at the provider's request or byte limit)
 * @param pollInterval how often a submitted batch's status is asked
 * @param lease how long a worker owns a batch it submits, polls or collects; a worker that dies
 *     holding one is taken over once it runs out
 * @param maxQueuedRequests per provider, the most requests its open batches may hold at once, cluster-wide
 *     (its batch queue limit: Anthropic's requests in the processing queue, OpenAI's enqueued work,
 *     which depend on the account's tier); jobs beyond it wait deferred. A provider not named: no limit
 */
@ConfigurationProperties("conveyor.router.deferral")
public record DeferralSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("PT25H") Duration horizon,
        @DefaultValue("PT60S") Duration flushAge,
        @DefaultValue("PT30S") Duration pollInterval,
        @DefaultValue("PT2M") Duration lease,
        Map<String, Integer> maxQueuedRequests) {

    public DeferralSettings {
        require(horizon != null && !horizon.isNegative(), "horizon", "should be 0 or more, such as 25h");
        require(flushAge != null && !flushAge.isNegative(), "flush-age", "should be 0 or more, such as 60s");
        require(pollInterval != null && pollInterval.isPositive(), "poll-interval", "should be positive, such as 30s");
        require(lease != null && lease.compareTo(Duration.ofSeconds(5)) >= 0, "lease", "should be at least 5s");
        maxQueuedRequests = maxQueuedRequests == null ? Map.of() : Map.copyOf(maxQueuedRequests);
        maxQueuedRequests.forEach((provider, limit) ->
                require(limit != null && limit > 0, "max-queued-requests." + provider, "should be greater than 0"));
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException("conveyor.router.deferral." + key + " " + message);
        }
    }
}
