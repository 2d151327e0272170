package dev.conveyor.router.ratelimit;

import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderException;
import java.time.Duration;

/**
 * A call not made because its provider or model is at its cluster-wide limit: a RATE_LIMIT error
 * the retry and fallback policy handles like a provider's 429. {@code retryAfter} is when permits
 * are expected. A refusal under the {@code spill} policy is not retried on the same model: the job
 * moves on to its plan's next model.
 */
public final class RateLimited extends ProviderException {

    /** Why no permit was given. */
    public enum Reason {
        WAITED_TOO_LONG,
        NO_WAITING_SLOT,
        SPILL
    }

    private final Reason reason;

    RateLimited(Reason reason, String message, Duration retryAfter) {
        super(ErrorType.RATE_LIMIT, 0, message, retryAfter);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public boolean retryable() {
        return reason != Reason.SPILL;
    }
}
