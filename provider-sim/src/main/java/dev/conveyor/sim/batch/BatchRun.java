package dev.conveyor.sim.batch;

import dev.conveyor.sim.BatchSpec;
import dev.conveyor.sim.server.SimResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One provider batch on the simulator's clock. Its requests are answered evenly over the configured delay (request
 * {@code i} of {@code n} is due at {@code createdAt + delay * (i + 1) / n}), each when the batch is next looked at on
 * or after its due time: nothing runs in the background, so a test moves a clock instead of sleeping. Requests not
 * answered by {@code createdAt + expireAfter} expire; a cancelled batch cancels the requests not yet answered.
 *
 * <p>Glossary: <em>due</em> - the moment a request's answer is ready; <em>ended</em> - completed, failed, expired or
 * cancelled, after which nothing changes.
 */
public final class BatchRun {

    /** OpenAI's batch statuses; Anthropic's {@code processing_status} is a coarser reading of them. */
    public enum State {
        VALIDATING,
        IN_PROGRESS,
        CANCELLING,
        COMPLETED,
        FAILED,
        EXPIRED,
        CANCELLED;

        public boolean ended() {
            return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
        }
    }

    /** Answers one request as a synchronous call; {@code fail} makes it a request failing inside the batch. */
    @FunctionalInterface
    public interface Answerer {
        SimResponse answer(BatchRequest request, boolean fail);
    }

    private final String id;
    private final List<BatchRequest> requests;
    private final boolean invalid;
    private final BatchSpec spec;
    private final Answerer answerer;
    private final Instant createdAt;
    private final List<Outcome> outcomes = new ArrayList<>();
    private State state;
    private Instant inProgressAt;
    private Instant cancellingAt;
    private Instant endedAt;

    /**
     * @param invalid the input failed validation: the batch fails when first looked at (OpenAI's {@code validating}
     *     then {@code failed})
     * @param validating whether the batch starts in {@code validating} (OpenAI) rather than {@code in_progress}
     */
    public BatchRun(
            String id,
            List<BatchRequest> requests,
            boolean invalid,
            boolean validating,
            BatchSpec spec,
            Answerer answerer,
            Instant createdAt) {
        this.id = id;
        this.requests = List.copyOf(requests);
        this.invalid = invalid;
        this.spec = spec;
        this.answerer = answerer;
        this.createdAt = createdAt;
        this.state = validating || invalid ? State.VALIDATING : State.IN_PROGRESS;
        this.inProgressAt = state == State.IN_PROGRESS ? createdAt : null;
    }

    public String id() {
        return id;
    }

    /** Brings the batch up to {@code now} and shows it. */
    public synchronized BatchView advance(Instant now) {
        switch (state) {
            case VALIDATING -> validate(now);
            case IN_PROGRESS -> progress(now);
            case CANCELLING -> finishUnanswered(Outcome.Kind.CANCELED, State.CANCELLED, now);
            default -> {}
        }
        return view();
    }

    /** Starts cancelling; false when the batch has already ended. The next look finishes the cancellation. */
    public synchronized boolean cancel(Instant now) {
        if (state.ended()) {
            return false;
        }
        if (state != State.CANCELLING) {
            state = State.CANCELLING;
            cancellingAt = now;
        }
        return true;
    }

    public synchronized BatchView view() {
        return new BatchView(
                id,
                state,
                requests.size(),
                createdAt,
                inProgressAt,
                cancellingAt,
                endedAt,
                expiresAt(),
                List.copyOf(outcomes));
    }

    private void validate(Instant now) {
        if (invalid) {
            state = State.FAILED;
            endedAt = now;
            return;
        }
        // Validation takes no time: the batch has been in progress since it was created, so its requests' due times
        // (counted from creation) never precede in_progress_at.
        state = State.IN_PROGRESS;
        inProgressAt = createdAt;
        progress(now);
    }

    private void progress(Instant now) {
        Instant horizon = now.isBefore(expiresAt()) ? now : expiresAt();
        while (outcomes.size() < requests.size() && !due(outcomes.size()).isAfter(horizon)) {
            var request = requests.get(outcomes.size());
            var response = answerer.answer(request, fails(request.customId(), spec.failureFraction()));
            outcomes.add(new Outcome(request, Outcome.Kind.ANSWERED, response));
        }
        if (outcomes.size() == requests.size()) {
            state = State.COMPLETED;
            endedAt = requests.isEmpty() ? now : due(requests.size() - 1);
        } else if (!now.isBefore(expiresAt())) {
            finishUnanswered(Outcome.Kind.EXPIRED, State.EXPIRED, expiresAt());
        }
    }

    private void finishUnanswered(Outcome.Kind kind, State end, Instant at) {
        for (int i = outcomes.size(); i < requests.size(); i++) {
            outcomes.add(new Outcome(requests.get(i), kind, null));
        }
        state = end;
        endedAt = at;
    }

    private Instant due(int index) {
        long millis = spec.delayMillis() * (index + 1) / requests.size();
        return createdAt.plusMillis(millis);
    }

    private Instant expiresAt() {
        return createdAt.plus(Duration.ofMillis(spec.expireAfterMillis()));
    }

    /**
     * Whether a request fails inside its batch: the first 53 bits of the SHA-256 of its {@code custom_id}, as a
     * fraction of 1, fall below the failure fraction. The same ids fail in every batch and every run.
     */
    public static boolean fails(String customId, double failureFraction) {
        if (failureFraction <= 0) {
            return false;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(customId.getBytes(StandardCharsets.UTF_8));
            double position = (ByteBuffer.wrap(hash).getLong() >>> 11) * 0x1.0p-53;
            return position < failureFraction;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
