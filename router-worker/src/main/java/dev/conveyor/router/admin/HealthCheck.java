package dev.conveyor.router.admin;

import dev.conveyor.router.circuit.CircuitProber;
import dev.conveyor.router.provider.ProviderClient;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.Providers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An operator's health check of one provider: each of its models is sent the circuit prober's
 * minimal completion (one word in, one token out, marked as a probe) at once, and the answer is
 * each call's outcome and latency. It is a diagnosis only: no Kafka, no rate-limit permits, no
 * usage event, and circuits are left as they are (the prober and the jobs' calls decide those).
 */
public class HealthCheck {

    private final Providers providers;
    private final Clock clock;

    public HealthCheck(Providers providers, Clock clock) {
        this.providers = providers;
        this.clock = clock;
    }

    /** One model's probe: {@code outcome} is {@code ok}, {@code error} or {@code disabled}. */
    public record Probe(String model, String outcome, String errorType, String message, long latencyMs) {}

    public record Report(String provider, boolean enabled, Instant checkedAt, List<Probe> models) {}

    Report run(String provider, List<String> models) {
        Instant at = clock.instant();
        Optional<ProviderClient> client = providers.get(provider);
        if (client.isEmpty()) {
            List<Probe> none = models.stream()
                    .map(m -> new Probe(m, "disabled", null, "provider is not enabled (no base URL or API key)", 0))
                    .toList();
            return new Report(provider, false, at, none);
        }
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Probe>> running = models.stream()
                    .map(m -> calls.submit(() -> probe(client.get(), provider, m)))
                    .toList();
            return new Report(
                    provider, true, at, running.stream().map(HealthCheck::join).toList());
        }
    }

    private Probe probe(ProviderClient client, String provider, String model) {
        long started = System.nanoTime();
        try {
            client.complete(CircuitProber.probeCall(provider, model, model, clock.millis()));
            return new Probe(model, "ok", null, null, millisSince(started));
        } catch (ProviderException e) {
            return new Probe(model, "error", e.type().name(), e.getMessage(), millisSince(started));
        } catch (RuntimeException e) {
            return new Probe(model, "error", "SERVER_ERROR", e.toString(), millisSince(started));
        }
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    private static Probe join(Future<Probe> probe) {
        try {
            return probe.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a health check", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a health-check probe failed unexpectedly", e.getCause());
        }
    }
}
