package dev.conveyor.router.ratelimit;

import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.routing.PromptTokens;
import dev.conveyor.schemas.CompletionRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Cluster-wide provider rate limits: before a call, {@link #acquire} takes a request and the job's
 * estimated tokens (its prompt as the provider is expected to count it, see {@link
 * PromptCalibration}, plus its max output) from every limit that applies to its provider and model, waiting on the job's
 * own thread (bounded by {@code max-wait}); the returned {@link Permit} reconciles with what the
 * provider reported. At most {@code max-waiting} jobs wait on one provider, so a saturated
 * provider cannot hold the whole in-flight cap.
 */
public final class RateLimits {

    private static final RateLimits NONE = new RateLimits();

    private final Map<String, List<LeasedPermits>> byProvider;
    private final Map<String, List<LeasedPermits>> byModel = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> waitingSlots = new ConcurrentHashMap<>();
    private final Map<String, PromptCalibration> calibrations = new ConcurrentHashMap<>();
    private final Map<String, Boolean> chargeRequestedOutput;
    private final RouterSettings.RateLimits settings;
    private final Clock clock;
    private final Pause pause;
    private final RateLimitMetrics metrics;

    private RateLimits() {
        this.byProvider = Map.of();
        this.chargeRequestedOutput = Map.of();
        this.settings = RouterSettings.RateLimits.NONE;
        this.clock = Clock.systemUTC();
        this.pause = Pause.sleeping(clock);
        this.metrics = null;
    }

    RateLimits(
            RouterSettings.RateLimits settings, BucketStore store, Clock clock, Pause pause, RateLimitMetrics metrics) {

        this.settings = settings;
        this.clock = clock;
        this.pause = pause;
        this.metrics = metrics;
        Map<String, List<LeasedPermits>> limiters = new ConcurrentHashMap<>();
        for (Bucket bucket : Limits.buckets(settings.providers())) {
            LeasedPermits limiter = new LeasedPermits(bucket, store, settings.chunk(), settings.boundaryGuard());
            metrics.track(limiter);
            limiters.computeIfAbsent(bucket.provider(), p -> new ArrayList<>()).add(limiter);
        }
        this.byProvider = Map.copyOf(limiters);
        Map<String, Boolean> charge = new ConcurrentHashMap<>();
        settings.providers()
                .forEach((p, l) -> charge.put(p, l.chargeOutput() == RouterSettings.ChargeOutput.REQUESTED));
        this.chargeRequestedOutput = Map.copyOf(charge);
    }

    /** No limits: every call is permitted at once. */
    public static RateLimits none() {
        return NONE;
    }

    /**
     * Takes the permits for one call of {@code spec} for {@code job}, waiting if need be.
     *
     * @throws RateLimited when the wait would pass {@code max-wait}, when {@code max-waiting} jobs
     *     already wait on the provider, or at once under the {@code spill} policy
     */
    public Permit acquire(Model spec, CompletionRequest job) throws RateLimited {
        List<LeasedPermits> limiters = limitersFor(spec.provider(), spec.id());
        if (limiters.isEmpty()) {
            return Permit.NONE;
        }
        PromptCalibration calibration = calibrations.computeIfAbsent(spec.key(), k -> new PromptCalibration());
        long estimated = PromptTokens.count(job);
        long prompt = calibration.reserve(estimated);
        long tokens = prompt + job.getMaxTokens();
        Instant started = clock.instant();
        Instant deadline = started.plus(settings.maxWait());
        Semaphore slots = null;
        try {
            for (Instant now = started; ; now = clock.instant()) {
                List<Permit.Taken> taken = new ArrayList<>();
                Instant retryAt = takeAll(limiters, tokens, now, taken);
                if (retryAt == null) {
                    taken.forEach(t -> metrics.granted(t.limiter().bucket(), t.amount()));
                    metrics.waited(spec.provider(), spec.id(), Duration.between(started, clock.instant()));
                    return new Permit(
                            taken,
                            new Permit.Reservation(estimated, prompt, job.getMaxTokens(), calibration),
                            charge(spec.provider()),
                            clock,
                            metrics,
                            spec);
                }
                if (settings.onLimit() == RouterSettings.OnLimit.SPILL) {
                    throw refuse(
                            spec, RateLimited.Reason.SPILL, "at its limit; moving on (on-limit: spill)", now, retryAt);
                }
                if (retryAt.isAfter(deadline)) {
                    throw refuse(
                            spec,
                            RateLimited.Reason.WAITED_TOO_LONG,
                            "at its limit longer than max-wait " + settings.maxWait(),
                            now,
                            retryAt);
                }
                if (slots == null) {
                    Semaphore s =
                            waitingSlots.computeIfAbsent(spec.provider(), p -> new Semaphore(settings.maxWaiting()));
                    if (!s.tryAcquire()) {
                        throw refuse(
                                spec,
                                RateLimited.Reason.NO_WAITING_SLOT,
                                "at its limit with " + settings.maxWaiting() + " jobs already waiting (max-waiting)",
                                now,
                                retryAt);
                    }
                    slots = s;
                    limiters.forEach(l -> l.waiting(1));
                }
                pause.until(retryAt);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refuse(
                    spec,
                    RateLimited.Reason.WAITED_TOO_LONG,
                    "interrupted while waiting for permits",
                    clock.instant(),
                    deadline);
        } finally {
            if (slots != null) {
                slots.release();
                limiters.forEach(l -> l.waiting(-1));
            }
        }
    }

    /** All or nothing: on the first limit without permits, gives back what was taken and answers when to retry. */
    private static Instant takeAll(List<LeasedPermits> limiters, long tokens, Instant now, List<Permit.Taken> taken) {
        for (LeasedPermits limiter : limiters) {
            long amount = limiter.bucket().kind() == Kind.REQUESTS ? 1 : tokens;
            Instant retryAt = limiter.tryTake(amount, now);
            if (retryAt != null) {
                taken.forEach(t -> t.limiter().giveBack(t.amount(), t.window()));
                taken.clear();
                return retryAt;
            }
            taken.add(new Permit.Taken(limiter, amount, limiter.bucket().windowOf(now)));
        }
        return null;
    }

    private List<LeasedPermits> limitersFor(String provider, String model) {
        List<LeasedPermits> all = byProvider.get(provider);
        if (all == null) {
            return List.of();
        }
        // the model's own limits first: they are the more likely to be spent
        return byModel.computeIfAbsent(provider + "/" + model, k -> {
            List<LeasedPermits> ordered = new ArrayList<>();
            all.stream().filter(l -> model.equals(l.bucket().model())).forEach(ordered::add);
            all.stream().filter(l -> l.bucket().model() == null).forEach(ordered::add);
            return List.copyOf(ordered);
        });
    }

    private boolean charge(String provider) {
        return chargeRequestedOutput.getOrDefault(provider, true);
    }

    private RateLimited refuse(Model spec, RateLimited.Reason reason, String why, Instant now, Instant retryAt) {
        metrics.refused(spec.provider(), spec.id(), reason);
        Duration after = Duration.between(now, retryAt);
        return new RateLimited(reason, spec.key() + " " + why, after.isNegative() ? Duration.ZERO : after);
    }
}
