package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.UsageEvent;
import java.util.List;

/** What handling one job publishes. */
sealed interface Outcome {

    /**
     * The job's one final result and a usage event per billable call; {@code deadLetter} also sends
     * the job to the DLT (it failed for good).
     */
    record Finished(CompletionResult result, List<UsageEvent> usage, boolean deadLetter) implements Outcome {}

    /** The job, its history extended, goes on to the next model through a fallback topic. */
    record Forwarded(CompletionRequest job, String topic) implements Outcome {}

    /** The job is kept for its provider's batch API; its outcome comes once the batch ends. */
    record Deferred() implements Outcome {}
}
