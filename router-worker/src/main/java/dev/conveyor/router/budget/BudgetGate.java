package dev.conveyor.router.budget;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.routing.PromptTokens;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.EventIds;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reserves a call's worst case (prompt tokens as counted plus a margin, and the job's max tokens,
 * at the model's prices) against its tenant's monthly budget and token quota before the call, and
 * settles it to the actual cost after. A call that does not fit now but would once calls in flight
 * settle waits for them; one that does not fit even then follows the tenant's policy.
 *
 * <p>Glossary: <em>busy</em> — does not fit now, would with nothing in flight; <em>refused</em> —
 * does not fit even with nothing in flight.
 */
public class BudgetGate {

    private static final Logger log = LoggerFactory.getLogger(BudgetGate.class);

    private final RouterSettings.Budget settings;
    private final Standings standings;
    private final ReservationStore store;
    private final Catalog catalog;
    private final Clock clock;
    private final Waiters waiters;
    private final BudgetMetrics metrics;
    private final AtomicLong failedOpen = new AtomicLong();

    BudgetGate(
            RouterSettings.Budget settings,
            Standings standings,
            ReservationStore store,
            Catalog catalog,
            Clock clock,
            Waiters waiters,
            BudgetMetrics metrics) {
        this.settings = settings;
        this.standings = standings;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.waiters = waiters;
        this.metrics = metrics;
    }

    /** The gate over the router's database, where billing's views are readable too. */
    public static BudgetGate create(
            RouterSettings.Budget settings, JdbcClient jdbc, Catalog catalog, Clock clock, MeterRegistry meters) {
        return new BudgetGate(
                settings,
                new Standings(jdbc, clock, settings),
                new ReservationStore(jdbc),
                catalog,
                clock,
                new Waiters(clock, settings.retryInterval()),
                new BudgetMetrics(meters));
    }

    /**
     * Admits the job's call on {@code planned}, or under policy {@code downgrade} on the cheapest
     * model of {@code chain} that fits; waits while calls in flight hold what it needs, or (policy
     * {@code hold}) for a raised budget or the next month, never past the job's deadline.
     *
     * @param attemptNo the call's position in the job's history, which names its reservation
     */
    public Admission admit(CompletionRequest job, Model planned, List<Model> chain, int attemptNo) {
        if (!settings.enabled()) {
            return new Admission.Granted(planned, Optional.empty());
        }
        long promptTokens = promptTokens(job);
        Instant until = waitUntil(job);
        Optional<Admission> first = tryOnce(job, planned, chain, promptTokens, attemptNo);
        if (first.isPresent()) {
            return record(first.get(), planned);
        }
        Optional<Admission> waited =
                waiters.waitFor(job.getTenantId(), until, () -> tryOnce(job, planned, chain, promptTokens, attemptNo));
        return record(waited.orElseGet(() -> lastWord(job)), planned);
    }

    /** The call billed {@code actualUsd} and {@code actualTokens}; its reservation is given back. */
    public void settle(Admission.Granted granted, BigDecimal actualUsd, long actualTokens) {
        granted.reservation().ifPresent(r -> {
            try {
                store.settle(r, actualUsd, actualTokens);
            } catch (RuntimeException e) {
                // the reservation expires and is swept; the ledger still counts the spend
                log.warn("Reservation {} of tenant {} not settled, it expires: {}", r.id(), r.tenantId(), e.toString());
            }
            waiters.signal(r.tenantId());
        });
    }

    /** Nothing was billed: the reservation is given back whole. */
    public void release(Admission.Granted granted) {
        settle(granted, BigDecimal.ZERO, 0);
    }

    /**
     * One round over the candidates: an admission, or empty when the job should wait (busy, held,
     * or the budget state unreadable while failing closed).
     */
    private Optional<Admission> tryOnce(
            CompletionRequest job, Model planned, List<Model> chain, long promptTokens, int attemptNo) {
        Standing standing;
        try {
            standing = standings.of(job.getTenantId());
        } catch (BudgetUnavailable e) {
            return unavailable(planned, e);
        }
        if (!standing.limited()) {
            return Optional.of(new Admission.Granted(planned, Optional.empty()));
        }
        boolean busy = false;
        Instant expires = clock.instant().plus(settings.reservationTtl());
        for (Model candidate : candidates(planned, chain, standing.policy(), promptTokens, job)) {
            Reservation reservation = worstCase(job, candidate, promptTokens, attemptNo, standing);
            ReservationStore.Answer answer;
            try {
                answer = store.reserve(reservation, standing, expires);
            } catch (BudgetUnavailable e) {
                return unavailable(planned, e);
            }
            switch (answer) {
                case GRANTED -> {
                    return Optional.of(new Admission.Granted(candidate, Optional.of(reservation)));
                }
                case BUSY -> busy = true;
                case REFUSED -> {}
            }
        }
        if (busy || standing.policy() == Policy.HOLD) {
            return Optional.empty();
        }
        return Optional.of(exceeded(job, standing));
    }

    /** After the wait: refused, naming why it waited. */
    private Admission lastWord(CompletionRequest job) {
        try {
            Standing standing = standings.of(job.getTenantId());
            return exceeded(job, standing);
        } catch (BudgetUnavailable e) {
            return new Admission.Refused("BUDGET_UNAVAILABLE", e.getMessage());
        }
    }

    private Optional<Admission> unavailable(Model planned, BudgetUnavailable e) {
        if (settings.failClosed()) {
            metrics.unavailable();
            return Optional.empty();
        }
        if (failedOpen.getAndIncrement() % 1000 == 0) { // the first of every thousand, not one a call
            log.warn(
                    "Calling without a budget reservation (fail-open, {} so far): {}",
                    failedOpen.get(),
                    e.getMessage());
        }
        metrics.unavailable();
        return Optional.of(new Admission.Granted(planned, Optional.empty()));
    }

    private Admission exceeded(CompletionRequest job, Standing standing) {
        return new Admission.Refused(
                "BUDGET_EXCEEDED",
                "tenant " + job.getTenantId() + " has too little left of its " + standing.month() + " budget"
                        + (standing.budgetUsd() == null
                                ? ""
                                : " of "
                                        + standing.budgetUsd()
                                                .stripTrailingZeros()
                                                .toPlainString() + " USD")
                        + (standing.tokenQuota() == null ? "" : " / " + standing.tokenQuota() + " tokens")
                        + " for this job's worst case (policy "
                        + standing.policy().name().toLowerCase() + ")"
                        + "; raise the budget or wait for next month");
    }

    /** The planned model first; under {@code downgrade}, then the chain's cheaper models, cheapest first. */
    private List<Model> candidates(
            Model planned, List<Model> chain, Policy policy, long promptTokens, CompletionRequest job) {
        List<Model> candidates = new ArrayList<>();
        candidates.add(planned);
        if (policy == Policy.DOWNGRADE) {
            BigDecimal plannedCost = worstCaseUsd(planned, promptTokens, job);
            chain.stream()
                    .filter(m -> !m.key().equals(planned.key()))
                    .filter(m -> worstCaseUsd(m, promptTokens, job).compareTo(plannedCost) < 0)
                    .sorted(Comparator.comparing(m -> worstCaseUsd(m, promptTokens, job)))
                    .forEach(candidates::add);
        }
        return candidates;
    }

    private Reservation worstCase(
            CompletionRequest job, Model spec, long promptTokens, int attemptNo, Standing standing) {
        return new Reservation(
                EventIds.forCall(job, attemptNo, spec.provider(), spec.id()),
                job.getTenantId(),
                standing.month(),
                worstCaseUsd(spec, promptTokens, job),
                promptTokens + job.getMaxTokens());
    }

    private BigDecimal worstCaseUsd(Model spec, long promptTokens, CompletionRequest job) {
        return spec.cost(
                Tokens.of(promptTokens, 0, job.getMaxTokens()), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private long promptTokens(CompletionRequest job) {
        BigDecimal counted = BigDecimal.valueOf(PromptTokens.count(job));
        return counted.multiply(BigDecimal.ONE.add(settings.promptMargin()))
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    private Instant waitUntil(CompletionRequest job) {
        Instant limit = clock.instant().plus(settings.maxWait());
        Instant deadline = job.getDeadline();
        return deadline != null && deadline.isBefore(limit) ? deadline : limit;
    }

    private Admission record(Admission admission, Model planned) {
        metrics.admitted(admission, planned);
        return admission;
    }
}
