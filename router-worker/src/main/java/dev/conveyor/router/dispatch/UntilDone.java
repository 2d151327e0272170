package dev.conveyor.router.dispatch;

import dev.conveyor.router.dispatch.engine.LeftUnfinished;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a step that failed because PostgreSQL, the broker or the registry was unavailable
 * ({@link Failures#INFRASTRUCTURE}), with exponential backoff, for as long as the outage lasts; any
 * other failure is thrown to the caller at once. It runs on the job's own virtual thread, so the
 * job's partition keeps its commit at that job (the records behind it still flow).
 */
final class UntilDone {

    private static final Logger log = LoggerFactory.getLogger(UntilDone.class);

    /** Thrown when the worker stops while a step still waits for the infrastructure; the job is not finished. */
    static final class Abandoned extends LeftUnfinished {
        Abandoned(String what, Throwable last) {
            super("stopped while retrying " + what + "; the record stays uncommitted", last);
        }
    }

    /** The pause before the first retry, doubled after each failure up to {@code max}. */
    record Backoff(Duration initial, Duration max) {
        static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

        Backoff {
            if (initial == null || initial.isNegative() || initial.isZero()) {
                throw new IllegalArgumentException("the infrastructure retry's initial backoff should be above 0");
            }
            if (max == null || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException(
                        "the infrastructure retry's max backoff should be at least " + initial);
            }
        }

        Duration after(Duration previous) {
            Duration doubled = previous.multipliedBy(2);
            return doubled.compareTo(max) > 0 ? max : doubled;
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private final Backoff backoff;
    private final Pauser pauser;
    private volatile boolean running = true;

    UntilDone(Backoff backoff, Pauser pauser) {
        this.backoff = backoff;
        this.pauser = pauser;
    }

    /** Steps still retrying give up at their next failure ({@link Abandoned}); for a worker that stops. */
    void stop() {
        running = false;
    }

    void start() {
        running = true;
    }

    boolean running() {
        return running;
    }

    void run(String what, Step step) {
        call(what, () -> {
            step.run();
            return null;
        });
    }

    <T> T call(String what, Callable<T> step) {
        Duration pause = backoff.initial();
        for (int tryNo = 1; ; tryNo++) {
            try {
                return step.call();
            } catch (Exception e) {
                if (Failures.of(e) != Failures.INFRASTRUCTURE) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
                if (!running) {
                    throw new Abandoned(what, e);
                }
                if (tryNo == 1 || tryNo % 10 == 0) {
                    log.warn(
                            "{} failed (try {}), retrying while the infrastructure is unavailable: {}",
                            what,
                            tryNo,
                            e.toString());
                }
                pause(what, pause, e);
                pause = backoff.after(pause);
            }
        }
    }

    private void pause(String what, Duration pause, Exception last) {
        try {
            pauser.pause(pause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new Abandoned(what, last);
        }
    }
}
