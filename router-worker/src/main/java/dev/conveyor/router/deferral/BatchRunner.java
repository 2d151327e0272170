package dev.conveyor.router.deferral;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.provider.BatchApi;
import dev.conveyor.router.provider.ErrorType;
import dev.conveyor.router.provider.ProviderException;
import dev.conveyor.router.provider.Providers;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves deferred jobs through their providers' batch APIs, on every worker (each acting on the jobs
 * of the lane topics it consumes): flushes the jobs of a
 * provider and model into a provider batch once the oldest waited {@code flush-age} (or the
 * provider's request or byte limit is reached), submits it, polls it, and collects its answers.
 * Each step is taken under the batch's lease ({@link DeferredJobs}), so a batch is submitted once:
 * a worker taking over a submission whose worker died first asks the provider for a batch it made
 * ({@link BatchApi#findSubmitted}) before submitting again. A failure of the database or a provider
 * leaves the batch as it was, to be tried again at the next tick.
 */
public final class BatchRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

    /** Jobs finished at once while collecting, between renewals of the batch's lease. */
    private static final int CHUNK = 200;

    /** How many leases long a worker holds a batch it is submitting. */
    private static final int SUBMIT_LEASES = 5;

    private final DeferredJobs store;
    private final Providers providers;
    private final DeferredWork work;
    private final RouterSettings.Deferral settings;
    private final DeferralMetrics metrics;
    private final Clock clock;
    private final String owner;
    private final List<String> topics;
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("deferral").factory());

    public BatchRunner(
            DeferredJobs store,
            Providers providers,
            DeferredWork work,
            RouterSettings.Deferral settings,
            DeferralMetrics metrics,
            Clock clock,
            List<String> topics) {
        this.topics = List.copyOf(topics);
        this.store = store;
        this.providers = providers;
        this.work = work;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    }

    /** Ticks as often as the flush age and poll interval need, at most every 5 s, at least every 250 ms. */
    public void start() {
        long tick = Math.max(
                250,
                Math.min(
                        5_000,
                        Math.min(
                                settings.pollInterval().toMillis(),
                                settings.flushAge().toMillis() / 4)));
        timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** One round: flush what is due, act on the batches that are due, refresh the gauges. */
    public void tick() {
        try {
            flush();
            for (DeferredJobs.Batch batch : store.due(topics, settings.pollInterval())) {
                advance(batch);
            }
            metrics.gauges(store.gauges(topics), clock.instant());
        } catch (RuntimeException e) {
            log.warn("Deferral round failed; trying again at the next: {}", e.toString());
        }
    }

    private void flush() {
        Instant now = clock.instant();
        for (DeferredJobs.Waiting waiting : store.waiting(topics)) {
            if (paused(waiting.provider(), now)) {
                continue;
            }
            Optional<BatchApi> api = providers.batchApi(waiting.provider());
            int maxRequests = api.map(BatchApi::maxRequests).orElse(10_000);
            long maxBytes = api.map(BatchApi::maxBytes).orElse(Long.MAX_VALUE);
            boolean full = waiting.jobs() >= maxRequests || waiting.bytes() >= maxBytes;
            boolean old = !waiting.oldest().plus(settings.flushAge()).isAfter(now);
            if (!full && !old) {
                continue;
            }
            int left = waiting.jobs();
            while (left > 0) {
                int room = room(waiting.provider(), maxRequests);
                if (room <= 0) {
                    break; // the provider's batch queue is full: the jobs wait
                }
                Optional<DeferredJobs.Batch> claimed = store.claim(waiting, room, maxBytes, owner, settings.lease());
                if (claimed.isEmpty()) {
                    break; // another worker claimed them
                }
                left -= claimed.get().requests();
                submit(claimed.get(), api);
            }
        }
    }

    /** How many requests the next batch of this provider may hold, within its queue limit. */
    private int room(String provider, int maxRequests) {
        Integer limit = settings.maxQueuedRequests().get(provider);
        if (limit == null) {
            return maxRequests;
        }
        return (int) Math.min(maxRequests, limit - store.queued(provider));
    }

    private boolean paused(String provider, Instant now) {
        Instant until = pausedUntil.get(provider);
        return until != null && now.isBefore(until);
    }

    /** A 429 from a batch endpoint: that provider's batch calls wait for its Retry-After (else one poll interval). */
    private void rateLimited(String provider, ProviderException e) {
        if (e.type() == ErrorType.RATE_LIMIT) {
            Duration wait = e.retryAfter().orElse(settings.pollInterval());
            pausedUntil.put(provider, clock.instant().plus(wait));
            log.warn("{}'s batch API asked to wait {}", provider, wait);
        }
    }

    private void advance(DeferredJobs.Batch batch) {
        if (paused(batch.provider(), clock.instant()) || !store.lease(batch.id(), owner, settings.lease())) {
            return;
        }
        Optional<BatchApi> api = providers.batchApi(batch.provider());
        try {
            if (!batch.submitted()) {
                // a submission whose worker died: did the provider get it?
                Optional<String> made = api.isEmpty()
                        ? Optional.empty()
                        : api.get().findSubmitted(batch.id(), batch.createdAt(), batch.requests());
                if (made.isPresent()) {
                    log.info(
                            "Provider batch {} of {} was submitted as {} before its worker died",
                            batch.id(),
                            batch.provider(),
                            made.get());
                    store.submitted(batch.id(), made.get());
                } else {
                    submit(batch, api);
                }
                return;
            }
            if (api.isEmpty()) {
                log.warn(
                        "Provider batch {} is with {}, whose batch API this worker has not configured",
                        batch.id(),
                        batch.provider());
                store.polled(batch.id(), "unknown to this worker");
                return;
            }
            BatchApi.Status status = api.get().status(batch.providerBatchId());
            if (!status.ended()) {
                store.polled(batch.id(), status.state());
                return;
            }
            collect(batch, api.get(), status);
        } catch (ProviderException e) {
            rateLimited(batch.provider(), e);
            log.warn("Provider batch {} ({}): {}; trying again later", batch.id(), batch.provider(), e.getMessage());
            store.polled(batch.id(), "error: " + e.type());
        }
    }

    /**
     * Submits a claimed batch. A refusal that trying again cannot mend (an invalid batch, no batch
     * API here) sends its jobs back to be called synchronously; any other failure leaves it claimed,
     * for the lease to run out and a worker to try again.
     */
    private void submit(DeferredJobs.Batch batch, Optional<BatchApi> api) {
        List<DeferredJobs.Deferred> jobs = store.jobsOf(batch.id());
        if (api.isEmpty()) {
            giveBack(batch, jobs, batch.provider() + " has no batch API configured on this worker");
            return;
        }
        List<byte[]> lines = new ArrayList<>(jobs.size());
        for (DeferredJobs.Deferred job : jobs) {
            lines.add(api.get().line(job.customId(), work.request(job)));
        }
        try {
            // a large upload may outlast the lease: held longer, so no worker takes the submission over meanwhile
            store.lease(batch.id(), owner, settings.lease().multipliedBy(SUBMIT_LEASES));
            String providerId = api.get().submit(batch.id(), lines);
            store.submitted(batch.id(), providerId);
            metrics.submitted(batch.provider(), batch.model(), jobs.size());
            log.info(
                    "Submitted provider batch {} to {} as {}: {} jobs for {}",
                    batch.id(),
                    batch.provider(),
                    providerId,
                    jobs.size(),
                    batch.model());
        } catch (ProviderException e) {
            rateLimited(batch.provider(), e);
            if (e.retryable()) {
                log.warn(
                        "Submitting provider batch {} to {} failed ({}); trying again once its lease runs out",
                        batch.id(),
                        batch.provider(),
                        e.getMessage());
                return;
            }
            giveBack(batch, jobs, batch.provider() + " refused the batch: " + e.getMessage());
        }
    }

    private void giveBack(DeferredJobs.Batch batch, List<DeferredJobs.Deferred> jobs, String reason) {
        log.warn("Provider batch {}: {}; its {} jobs are called synchronously", batch.id(), reason, jobs.size());
        for (DeferredJobs.Deferred job : jobs) {
            work.unanswered(job, reason, clock.instant());
            metrics.collected(batch.provider(), "unanswered");
            store.finished(List.of(job.id()));
        }
        store.ended(batch.id());
    }

    /**
     * Finishes every job of an ended batch, {@value #CHUNK} at a time on virtual threads (each
     * publishes and waits for the broker), forgetting each chunk's jobs once all of it is published
     * and renewing the lease between chunks.
     */
    private void collect(DeferredJobs.Batch batch, BatchApi api, BatchApi.Status status) throws ProviderException {
        Map<String, BatchApi.Answer> answers = api.results(status);
        Instant ended = clock.instant();
        List<DeferredJobs.Deferred> jobs = store.jobsOf(batch.id());
        String unanswered = "provider batch " + batch.providerBatchId() + " of " + batch.provider() + " ended "
                + status.state() + " without answering it";
        for (int from = 0; from < jobs.size(); from += CHUNK) {
            List<DeferredJobs.Deferred> chunk = jobs.subList(from, Math.min(jobs.size(), from + CHUNK));
            List<Future<Long>> finishing = new ArrayList<>(chunk.size());
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (DeferredJobs.Deferred job : chunk) {
                    finishing.add(threads.submit(() -> {
                        finish(batch, job, answers.get(job.customId()), unanswered, ended);
                        return job.id();
                    }));
                }
            }
            // only jobs whose outcome is published are forgotten; the others wait for the next collection
            List<Long> finished = finishing.stream()
                    .filter(f -> f.state() == Future.State.SUCCESS)
                    .map(Future::resultNow)
                    .toList();
            store.finished(finished);
            if (finished.size() < chunk.size()) {
                throw new IllegalStateException((chunk.size() - finished.size()) + " jobs of provider batch "
                        + batch.id() + " could not be finished; collecting it again later");
            }
            if (from + CHUNK < jobs.size() && !store.lease(batch.id(), owner, settings.lease())) {
                log.warn("Lost the lease of provider batch {} while collecting it; another worker goes on", batch.id());
                return;
            }
        }
        store.ended(batch.id());
        log.info(
                "Collected provider batch {} ({}): {} jobs, {} answered",
                batch.id(),
                status.state(),
                jobs.size(),
                answers.size());
    }

    /** One job of an ended batch; a job that cannot be finished as answered is called synchronously instead. */
    private void finish(
            DeferredJobs.Batch batch,
            DeferredJobs.Deferred job,
            BatchApi.Answer answer,
            String unanswered,
            Instant ended) {
        try {
            switch (answer) {
                case BatchApi.Answer.Answered answered -> {
                    work.answered(job, answered.completion(), batch.submittedAt(), ended);
                    metrics.collected(batch.provider(), "answered");
                }
                case BatchApi.Answer.Failed failed -> {
                    work.failed(job, failed.error(), batch.submittedAt());
                    metrics.collected(batch.provider(), "failed");
                }
                case null -> {
                    work.unanswered(job, unanswered, batch.submittedAt());
                    metrics.collected(batch.provider(), "unanswered");
                }
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Deferred job {} of batch {} could not be finished ({}); it is called synchronously",
                    job.job().getJobId(),
                    batch.id(),
                    e.toString());
            work.unanswered(job, "its answer could not be read: " + e.getMessage(), batch.submittedAt());
            metrics.collected(batch.provider(), "unanswered");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
