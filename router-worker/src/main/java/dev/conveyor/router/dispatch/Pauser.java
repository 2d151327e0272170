package dev.conveyor.router.dispatch;

import java.time.Duration;

/** Waits between retries; calls run on virtual threads, so sleeping is cheap. Tests substitute a recorder. */
@FunctionalInterface
interface Pauser {

    Pauser SLEEP = duration -> Thread.sleep(duration);

    void pause(Duration duration) throws InterruptedException;
}
