package dev.conveyor.sim;

import java.time.Duration;

/**
 * How the simulator runs provider batches (OpenAI Batch, Anthropic Message Batches). A batch takes its settings when it
 * is created; later changes apply to later batches.
 *
 * @param delayMillis how long after creation a batch has answered all its requests (simulator clock); 0 = at the
 *     first poll
 * @param failureFraction the share of requests that fail inside a batch, chosen by a hash of their {@code custom_id}
 *     so the same ids fail every time
 * @param expireAfterMillis a batch not done this long after creation expires, and its unfinished requests with it;
 *     24 hours when 0
 */
public record BatchSpec(long delayMillis, double failureFraction, long expireAfterMillis) {

    private static final long DAY_MILLIS = Duration.ofHours(24).toMillis();

    public BatchSpec {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("batch.delayMillis must be 0 or more, was " + delayMillis);
        }
        if (!(failureFraction >= 0 && failureFraction <= 1)) {
            throw new IllegalArgumentException("batch.failureFraction must be between 0 and 1, was " + failureFraction);
        }
        if (expireAfterMillis < 0) {
            throw new IllegalArgumentException("batch.expireAfterMillis must be 0 or more, was " + expireAfterMillis);
        }
        expireAfterMillis = expireAfterMillis == 0 ? DAY_MILLIS : expireAfterMillis;
    }

    /** Done at the first poll, nothing fails, expiry after 24 hours. */
    public static BatchSpec defaults() {
        return new BatchSpec(0, 0, 0);
    }

    public BatchSpec withDelay(Duration delay) {
        return new BatchSpec(delay.toMillis(), failureFraction, expireAfterMillis);
    }

    public BatchSpec withFailureFraction(double fraction) {
        return new BatchSpec(delayMillis, fraction, expireAfterMillis);
    }

    public BatchSpec withExpireAfter(Duration expireAfter) {
        return new BatchSpec(delayMillis, failureFraction, expireAfter.toMillis());
    }
}
