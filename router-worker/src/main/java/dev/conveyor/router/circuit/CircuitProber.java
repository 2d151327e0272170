package dev.conveyor.router.circuit;

import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.Providers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes open circuits in the background. Without it a circuit only closes when a job comes along
 * after the cool-down, and the planner routes jobs around an open circuit, so a model that
 * recovered could wait for traffic that never arrives. Every {@code interval} this claims the
 * half-open probe slot of each OPEN circuit whose cool-down has ended (the slot the first job
 * would claim, so there is never more than one probe) and sends that provider+model a minimal
 * completion: a one-word prompt, one output token, marked with {@link ProviderCall#PROBE_HEADER}.
 * It is not a tenant's job: no Kafka, no rate-limit permits, no usage event. Its outcome is
 * recorded exactly as a job's probe: healthy closes the circuit, unhealthy re-opens it for another
 * cool-down.
 *
 * <p>The schedule runs on one virtual thread, each probe on its own, so a slow provider delays no
 * other probe; both stop with {@link #close()}. A probe that throws counts as a failure (its slot
 * is freed) and never stops the schedule.
 */
public final class CircuitProber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CircuitProber.class);

    /** The probe's whole prompt. */
    static final String PROMPT = "ping";

    private final CircuitBreakers breakers;
    private final Providers providers;
    private final Clock clock;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("circuit-probe-schedule").factory());
    private final ExecutorService probes = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("circuit-probe-", 0).factory());

    private final BinaryOperator<String> wireIdOf;

    public CircuitProber(CircuitBreakers breakers, Providers providers, Clock clock) {
        this(breakers, providers, (provider, model) -> model, clock);
    }

    /** {@code wireIds} gives the id to send for a provider's catalog model. */
    public CircuitProber(CircuitBreakers breakers, Providers providers, BinaryOperator<String> wireIds, Clock clock) {
        this.breakers = breakers;
        this.providers = providers;
        this.clock = clock;
        this.wireIdOf = wireIds;
    }

    /** Probes every {@code interval} from now on; zero or negative disables background probes. */
    public void start(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            log.info("Background circuit probes are disabled (conveyor.router.circuit.probe-interval={})", interval);
            return;
        }
        long millis = interval.toMillis();
        schedule.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            probeDue();
        } catch (RuntimeException e) {
            // an exception escaping a scheduled task would cancel every later run
            log.warn("Background circuit probes failed this round; trying again next round", e);
        }
    }

    /**
     * Starts a probe of each circuit awaiting one whose provider is enabled, and returns them.
     * Circuits still cooling down, closed, or already probing (by a job or an earlier round) are
     * left alone.
     */
    List<CompletableFuture<Void>> probeDue() {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (Circuit circuit : breakers.circuits()) {
            if (!circuit.awaitsProbe()) {
                continue;
            }
            Optional<ProviderClient> client = providers.get(circuit.provider());
            if (client.isEmpty() || !circuit.tryClaimProbe()) {
                continue;
            }
            try {
                started.add(CompletableFuture.runAsync(() -> probe(circuit, client.get()), probes));
            } catch (RejectedExecutionException e) {
                // closing: free the slot we claimed, as a failed probe would
                breakers.onFailure(circuit.provider(), circuit.model(), ErrorType.NETWORK);
            }
        }
        return started;
    }

    /** Calls the model and records the outcome; whatever happens, the claimed slot is settled. */
    private void probe(Circuit circuit, ProviderClient client) {
        String provider = circuit.provider();
        String model = circuit.model();
        boolean recorded = false;
        try {
            client.complete(call(provider, model));
            breakers.onSuccess(provider, model);
            recorded = true;
            log.info("Background probe of {}/{} succeeded: circuit {}", provider, model, circuit.state());
        } catch (ProviderException e) {
            breakers.onFailure(provider, model, e.type());
            recorded = true;
            log.info(
                    "Background probe of {}/{} failed ({}: {}): circuit {}",
                    provider,
                    model,
                    e.type(),
                    e.getMessage(),
                    circuit.state());
        } catch (RuntimeException e) {
            log.warn("Background probe of {}/{} threw; counted as a failure", provider, model, e);
        } finally {
            if (!recorded) {
                // the client threw something unexpected: count it against health so the slot is freed
                breakers.onFailure(provider, model, ErrorType.NETWORK);
            }
        }
    }

    private ProviderCall call(String provider, String model) {
        return probeCall(provider, model, wireIdOf.apply(provider, model), clock.millis());
    }

    /** The minimal probe completion: a one-word prompt, one output token, marked as a probe. */
    public static ProviderCall probeCall(String provider, String model, String wireId, long millis) {
        return new ProviderCall(
                wireId,
                null,
                List.of(new ProviderCall.Message("user", PROMPT)),
                1,
                null,
                "conveyor-probe-" + provider + "-" + model + "-" + millis,
                true);
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        probes.shutdownNow();
        try {
            probes.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
