package dev.conveyor.router.dispatch;

import dev.conveyor.catalog.Model;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.circuit.CircuitBreakers;
import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.ratelimit.Permit;
import dev.conveyor.router.ratelimit.RateLimited;
import dev.conveyor.router.ratelimit.RateLimits;
import dev.conveyor.router.routing.ModelStats;
import dev.conveyor.router.scheduling.CallSlots;
import dev.conveyor.router.scheduling.DeadlinePassed;
import dev.conveyor.router.scheduling.Ticket;
import dev.conveyor.schemas.Attempt;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.EventIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Calls one model for one job, retrying transient errors a bounded number of times with
 * exponential backoff and full jitter, never sooner than the provider's Retry-After. Every failed
 * call is appended to the job's attempt history. Each try first takes its cluster-wide rate-limit
 * permits (waiting for them if need be); a refusal is a RATE_LIMIT error under the same policy.
 * A job is never called at or after its deadline (DEADLINE_EXCEEDED, no attempt recorded, nothing
 * billed), and is not retried when the pause before the next try would reach its deadline.
 */
class ModelCaller {

    private final RouterSettings.Retry retry;
    private final Clock clock;
    private final Pauser pauser;
    private final RandomGenerator random;
    private final CircuitBreakers breakers;
    private final ModelStats stats;
    private final JobMetrics metrics;
    private final RateLimits limits;
    private final CallSlots slots;

    ModelCaller(
            RouterSettings.Retry retry,
            CircuitBreakers breakers,
            ModelStats stats,
            JobMetrics metrics,
            Clock clock,
            Pauser pauser,
            RandomGenerator random) {
        this(retry, breakers, stats, metrics, clock, pauser, random, RateLimits.none(), CallSlots.unlimited(clock));
    }

    ModelCaller(
            RouterSettings.Retry retry,
            CircuitBreakers breakers,
            ModelStats stats,
            JobMetrics metrics,
            Clock clock,
            Pauser pauser,
            RandomGenerator random,
            RateLimits limits,
            CallSlots slots) {
        this.limits = limits;
        this.slots = slots;
        this.retry = retry;
        this.breakers = breakers;
        this.stats = stats;
        this.metrics = metrics;
        this.clock = clock;
        this.pauser = pauser;
        this.random = random;
    }

    /**
     * @param waits adds the time spent on call slots, permits, calls and between retries, so the
     *     caller can tell the router's own overhead from the wait on the provider
     */
    CallResult call(
            CompletionRequest job,
            Model spec,
            ProviderClient client,
            List<Attempt> attempts,
            WaitTime waits,
            String lane) {
        Ticket ticket = new Ticket(lane, job.getTenantId(), job.getDeadline());
        for (int tryNo = 1; ; tryNo++) {
            long waitStarted = waits.start();
            Try outcome;
            CallSlots.Slot slot;
            try {
                slot = slots.acquire(ticket);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                waits.since(waitStarted);
                return new CallResult.Failure(new ProviderException(
                        ErrorType.NETWORK, "interrupted while waiting to call " + spec.key(), interrupted));
            } catch (DeadlinePassed late) {
                waits.since(waitStarted);
                return deadlineExceeded(late);
            }
            try {
                outcome = tryOnce(job, spec, client, attempts, slot);
            } finally {
                slot.release(); // not held through a pause before the next try
            }
            // taken before the look at the circuit, so an opening between the two still ends the pause
            CompletableFuture<Void> opening = breakers.nextOpening(spec.provider(), spec.id());
            if (outcome.retryable() == null
                    || tryNo >= retry.maxAttempts()
                    || breakers.isOpen(spec.provider(), spec.id())) {
                // an open circuit (this failure may have opened it) lets no retry through: move on now
                // instead of pausing only to be skipped (docs/decisions.md, D13)
                waits.since(waitStarted);
                return outcome.result();
            }
            Duration wait = backoff(tryNo, outcome.retryable());
            // the pause ends, and the job moves on, should the model's circuit open meanwhile
            boolean paused = wait != null && beforeDeadline(job, wait) && pause(wait, opening);
            waits.since(waitStarted);
            if (!paused) {
                return outcome.result();
            }
        }
    }

    /** A job with this deadline can still be called after pausing this long. */
    private boolean beforeDeadline(CompletionRequest job, Duration wait) {
        return job.getDeadline() == null || clock.instant().plus(wait).isBefore(job.getDeadline());
    }

    private static CallResult deadlineExceeded(DeadlinePassed late) {
        return new CallResult.Failure(new ProviderException(ErrorType.DEADLINE_EXCEEDED, late.getMessage(), late));
    }

    /**
     * One try: a call's result and, for a failure worth another try, its error (whose Retry-After
     * bounds the pause before it); null when it is not worth one.
     */
    private record Try(CallResult result, ProviderException retryable) {}

    private Try tryOnce(
            CompletionRequest job, Model spec, ProviderClient client, List<Attempt> attempts, CallSlots.Slot slot) {
        int attemptNo = attempts.size();
        Instant started = clock.instant();
        Permit permit;
        try {
            permit = limits.acquire(spec, job);
        } catch (RateLimited e) {
            // no call was made: the provider's circuit and stats are not touched
            attempts.add(attempt(spec, e, started));
            return new Try(new CallResult.Failure(e), e.retryable() ? e : null);
        }
        if (slot.deadlineCame()) {
            // the permits took until the deadline: the last look before the call
            permit.cancel();
            return new Try(deadlineExceeded(slot.expire()), null);
        }
        if (!breakers.tryAcquire(spec.provider(), spec.id())) {
            permit.cancel();
            // not called: no attempt in the job's history, and its last real error stays the job's error
            ProviderException open = new ProviderException(
                    ErrorType.CIRCUIT_OPEN, 0, "circuit open for " + spec.key() + "; not called", null);
            return new Try(new CallResult.Failure(open), null);
        }
        try {
            Completion completion = complete(client, request(job, spec, attemptNo), permit);
            Instant ended = clock.instant();
            metrics.call(spec.provider(), spec.id(), Duration.between(started, ended), completion, null);
            breakers.onSuccess(spec.provider(), spec.id());
            stats.record(
                    spec.provider(), spec.id(), Duration.between(started, ended).toMillis(), false);
            return new Try(new CallResult.Success(completion, attemptNo, started, ended), null);
        } catch (ProviderException e) {
            metrics.call(
                    spec.provider(),
                    spec.id(),
                    Duration.between(started, clock.instant()),
                    null,
                    e.type().name());
            breakers.onFailure(spec.provider(), spec.id(), e.type());
            stats.record(
                    spec.provider(),
                    spec.id(),
                    Duration.between(started, clock.instant()).toMillis(),
                    true);
            attempts.add(attempt(spec, e, started));
            return new Try(new CallResult.Failure(e), e.retryable() ? e : null);
        }
    }

    /**
     * Calls the provider and settles the rate-limit permit with what it answered. An adapter that
     * fails other than with a typed error (an answer it could not make sense of) fails the call as a
     * server error, so the circuit, the retries and the job's history treat it like any other, and a
     * half-open circuit's probe slot is given back.
     */
    private static Completion complete(ProviderClient client, ProviderCall call, Permit permit)
            throws ProviderException {
        try {
            Completion completion = client.complete(call);
            permit.succeeded(completion);
            return completion;
        } catch (ProviderException e) {
            permit.failed(e);
            throw e;
        } catch (RuntimeException e) {
            ProviderException failure =
                    new ProviderException(ErrorType.SERVER_ERROR, client.name() + " client failed: " + e, e);
            permit.failed(failure);
            throw failure;
        }
    }

    /** False when interrupted or when {@code wakeUp} ended it early. */
    private boolean pause(Duration wait, CompletableFuture<Void> wakeUp) {
        try {
            return pauser.pauseUnless(wait, wakeUp);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The pause before try {@code tryNo + 1}, or null when the provider asks for longer than we wait. */
    Duration backoff(int tryNo, ProviderException e) {
        long ceiling =
                Math.min(retry.maxBackoff().toMillis(), retry.initialBackoff().toMillis() << Math.min(tryNo - 1, 20));
        Duration jittered = Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
        if (e.retryAfter().isEmpty()) {
            return jittered;
        }
        Duration asked = e.retryAfter().get();
        if (asked.compareTo(retry.maxRetryAfter()) > 0) {
            return null;
        }
        return asked.compareTo(jittered) > 0 ? asked : jittered;
    }

    private Attempt attempt(Model spec, ProviderException e, Instant started) {
        return new Attempt(
                spec.provider(),
                spec.id(),
                e.type().name(),
                e.getMessage() == null ? e.type().name() : e.getMessage(),
                started,
                Duration.between(started, clock.instant()).toMillis());
    }

    static ProviderCall request(CompletionRequest job, Model spec, int attemptNo) {
        return new ProviderCall(
                spec.wireId(),
                job.getSystemPrompt(),
                job.getMessages().stream()
                        .map(m -> new ProviderCall.Message(m.getRole(), m.getContent()))
                        .toList(),
                job.getMaxTokens(),
                // reasoning models refuse a temperature other than their default (400)
                spec.fixedSampling() ? null : job.getTemperature(),
                EventIds.forCall(job, attemptNo, spec.provider(), spec.id()));
    }
}
