package dev.conveyor.router.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits between retries; calls run on virtual threads, so sleeping is cheap. Tests substitute a recorder. */
@FunctionalInterface
interface Pauser {

    /** Sleeps; a pause that {@code wakeUp} may end early waits on it instead. */
    Pauser SLEEP = new Pauser() {
        @Override
        public void pause(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }

        @Override
        public boolean pauseUnless(Duration duration, CompletableFuture<?> wakeUp) throws InterruptedException {
            try {
                wakeUp.get(duration.toNanos(), TimeUnit.NANOSECONDS);
                return false;
            } catch (TimeoutException paused) {
                return true;
            } catch (ExecutionException e) {
                return false;
            }
        }
    };

    void pause(Duration duration) throws InterruptedException;

    /**
     * Pauses for {@code duration} unless {@code wakeUp} completes first; true when the whole pause
     * ran. A recorder (the default) records the pause and answers true.
     */
    default boolean pauseUnless(Duration duration, CompletableFuture<?> wakeUp) throws InterruptedException {
        pause(duration);
        return true;
    }
}
