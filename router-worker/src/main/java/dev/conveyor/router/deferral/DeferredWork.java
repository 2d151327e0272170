package dev.conveyor.router.deferral;

import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ProviderCall;
import dev.conveyor.router.provider.ProviderException;
import java.time.Instant;

/**
 * What the dispatch side does for a deferred job: its request as the provider gets it, and its end
 * once its provider batch has ended. Each method returns once the job's outcome is published (it
 * retries the database and the broker until they answer), so the job may then be forgotten.
 */
public interface DeferredWork {

    ProviderCall request(DeferredJobs.Deferred job);

    /** Answered in the batch: the job's result and usage, at batch prices. */
    void answered(DeferredJobs.Deferred job, Completion completion, Instant submitted, Instant ended);

    /** The request failed inside the batch: the job goes on down its chain as after a failed call. */
    void failed(DeferredJobs.Deferred job, ProviderException error, Instant submitted);

    /**
     * The batch ended without answering the job (expired, cancelled, refused): it is called
     * synchronously if its deadline allows, else it fails with {@code reason}.
     */
    void unanswered(DeferredJobs.Deferred job, String reason, Instant submitted);
}
