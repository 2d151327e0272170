package dev.conveyor.router.dispatch;

import dev.conveyor.router.provider.Completion;
import dev.conveyor.router.provider.ProviderException;
import java.time.Instant;

/** How calling one model, retries included, ended. */
sealed interface CallResult {

    /** {@code attemptNo} is the call's position in the job's history; it names the usage event. */
    record Success(Completion completion, int attemptNo, Instant started, Instant ended) implements CallResult {}

    record Failure(ProviderException error) implements CallResult {}
}
