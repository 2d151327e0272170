package dev.conveyor.router.ratelimit;

import dev.conveyor.catalog.Model;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.RateLimitHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The permits one call holds. After the call, exactly one of {@link #succeeded}, {@link #failed}
 * or {@link #cancel} settles them: tokens are reconciled with the provider's reported usage, a 429
 * pauses and lowers the limit for every worker, and the provider's headers correct the shared count.
 */
public final class Permit {

    private static final Logger log = LoggerFactory.getLogger(Permit.class);

    static final Permit NONE = new Permit(
            List.of(), new Reservation(0, 0, 0, new PromptCalibration()), true, Clock.systemUTC(), null, null);

    /** Below this share of the limit remaining, the provider's headers are written to the shared bucket. */
    private static final int SYNC_BELOW_PERCENT = 20;

    record Taken(LeasedPermits limiter, long amount, Instant window) {}

    /**
     * The tokens reserved for the call: {@code prompt} for a prompt the router estimated at {@code
     * estimated} (calibrated to how the provider counts, which {@code calibration} learns from
     * what it reports), plus {@code maxOutput}.
     */
    record Reservation(long estimated, long prompt, long maxOutput, PromptCalibration calibration) {

        long tokens() {
            return prompt + maxOutput;
        }
    }

    private final List<Taken> taken;
    private final Reservation reserved;
    private final boolean chargeRequestedOutput;
    private final Clock clock;
    private final RateLimitMetrics metrics;
    private final Model spec;

    Permit(
            List<Taken> taken,
            Reservation reserved,
            boolean chargeRequestedOutput,
            Clock clock,
            RateLimitMetrics metrics,
            Model spec) {
        this.taken = List.copyOf(taken);
        this.reserved = reserved;
        this.chargeRequestedOutput = chargeRequestedOutput;
        this.clock = clock;
        this.metrics = metrics;
        this.spec = spec;
    }

    /** Takes more tokens, or gives some back, so the count equals what the provider charged for the call. */
    public void succeeded(Completion completion) {
        settle(() -> reconcile(completion));
    }

    private void reconcile(Completion completion) {
        reserved.calibration().observe(reserved.estimated(), completion.inputTokens());
        long charged =
                completion.inputTokens() + (chargeRequestedOutput ? reserved.maxOutput() : completion.outputTokens());
        long delta = charged - reserved.tokens();
        for (Taken t : taken) {
            if (t.limiter().bucket().kind() == Kind.TOKENS && delta > 0) {
                t.limiter().takeMore(delta, t.window());
            } else if (t.limiter().bucket().kind() == Kind.TOKENS && delta < 0) {
                t.limiter().giveBack(-delta, t.window());
            }
        }
        observe(completion.rateLimits(), false);
    }

    /**
     * A 429 pauses every worker until the provider's Retry-After (or its reset) and lowers the limit:
     * to the provider's reported counts and limit when it sent them, else by {@code cut-on429};
     * a refused or unanswered call gives its tokens back. Other errors keep the permits spent.
     */
    public void failed(ProviderException error) {
        settle(() -> adapt(error));
    }

    private void adapt(ProviderException error) {
        boolean http429 = error.httpStatus() == 429;
        if (http429 && !taken.isEmpty()) {
            metrics.http429(spec.provider(), spec.id());
            Instant now = clock.instant();
            Instant until = now.plus(error.retryAfter().orElseGet(() -> reset(error.rateLimits())));
            taken.forEach(t -> t.limiter().throttled(now, until, informed(error.rateLimits(), t)));
        }
        if (http429 || error.httpStatus() == 0) {
            taken.stream()
                    .filter(t -> t.limiter().bucket().kind() == Kind.TOKENS)
                    .forEach(t -> t.limiter().giveBack(t.amount(), t.window()));
        }
        observe(error.rateLimits(), http429);
    }

    /** Whether the 429 carried the provider's own limit and remaining count for this limit's kind. */
    private static boolean informed(RateLimitHeaders headers, Taken t) {
        return (t.limiter().bucket().kind() == Kind.REQUESTS ? headers.requests() : headers.tokens()).isPresent();
    }

    /** The call was not made: every permit goes back. */
    public void cancel() {
        taken.forEach(t -> t.limiter().giveBack(t.amount(), t.window()));
    }

    /** The call was made and answered: failing to record that must not fail the job. */
    private void settle(Runnable settling) {
        try {
            settling.run();
        } catch (RuntimeException e) {
            log.warn("Could not settle rate-limit permits for {}: {}", spec == null ? "-" : spec.key(), e.toString());
        }
    }

    private void observe(RateLimitHeaders headers, boolean always) {
        Instant now = clock.instant();
        quota(headers.requests(), Kind.REQUESTS, now, always);
        quota(headers.tokens(), Kind.TOKENS, now, always);
    }

    /** The provider's figures are for the model under this key: the most specific limit of that kind takes them. */
    private void quota(Optional<RateLimitHeaders.Quota> quota, Kind kind, Instant now, boolean always) {
        if (quota.isEmpty()) {
            return;
        }
        RateLimitHeaders.Quota q = quota.get();
        if (!always && q.remaining() * 100 >= q.limit() * SYNC_BELOW_PERCENT) {
            return;
        }
        taken.stream()
                .filter(t -> t.limiter().bucket().kind() == kind)
                .findFirst()
                .ifPresent(t -> t.limiter().observe(q.limit(), q.remaining(), q.reset(), now, always));
    }

    private static Duration reset(RateLimitHeaders headers) {
        Duration requests =
                headers.requests().map(RateLimitHeaders.Quota::reset).orElse(Duration.ZERO);
        Duration tokens = headers.tokens().map(RateLimitHeaders.Quota::reset).orElse(Duration.ZERO);
        Duration longest = requests.compareTo(tokens) >= 0 ? requests : tokens;
        return longest.isZero() ? Duration.ofSeconds(1) : longest;
    }
}
