package dev.conveyor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The process id bench/run writes to a file once it started the process under test. */
final class WorkerPid {

    private WorkerPid() {}

    static long await(Path file, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(file)) {
                    String text = Files.readString(file).trim();
                    if (!text.isEmpty()) {
                        return Long.parseLong(text);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // being written; read again
            }
            Pause.millis(100);
        }
        throw new IllegalStateException("no process id in " + file + " within " + timeout.toSeconds() + " s");
    }

    /** Sleeps between polls of something outside this process. */
    static final class Pause {

        private Pause() {}

        static void millis(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
