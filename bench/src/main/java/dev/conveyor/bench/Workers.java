package dev.conveyor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The processes under test, as bench/run hands them to a driver: their ids, one a line, in a file
 * it writes once it has started them. The first is watched for the figures a scenario reports
 * (CPU time, resident set, heap: {@link ProcessStats}); every one is checked to be alive, but for
 * those the scenario asked bench/run to kill.
 */
final class Workers implements AutoCloseable {

    private static final long ALIVE_CHECK_NANOS = 1_000_000_000L;

    private final String what;
    private final List<Long> pids;
    private final ProcessStats first;
    private final Set<Long> expectedToExit = new HashSet<>();
    private long nextAliveCheck;

    private Workers(String what, List<Long> pids) {
        this.what = what;
        this.pids = List.copyOf(pids);
        this.first = ProcessStats.watch(pids.getFirst());
    }

    /**
     * Waits until {@code file} names {@code count} processes; {@code what} names them in errors
     * ("the router", "worker").
     */
    static Workers await(Path file, int count, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> pids = read(file);
            if (pids.size() >= count) {
                return new Workers(what, pids);
            }
            Pause.millis(100);
        }
        throw new IllegalStateException(
                count + " process id(s) not in " + file + " within " + timeout.toSeconds() + " s");
    }

    private static List<Long> read(Path file) {
        List<Long> pids = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.trim()));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            return List.of(); // being written; read again
        }
        return pids;
    }

    /** The first process's figures. */
    ProcessStats stats() {
        return first;
    }

    List<Long> pids() {
        return pids;
    }

    /** {@code pid} is to be killed (bench/run does it); {@link #requireAlive} no longer checks it. */
    void expectExit(long pid) {
        expectedToExit.add(pid);
    }

    /** Throws when a process has exited that should not have; looks at most once a second. */
    void requireAlive() {
        long now = System.nanoTime();
        if (now < nextAliveCheck) {
            return;
        }
        nextAliveCheck = now + ALIVE_CHECK_NANOS;
        for (long pid : pids) {
            if (!expectedToExit.contains(pid)
                    && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                String who = pids.size() == 1 ? what : what + " " + pid;
                throw new IllegalStateException(who + " exited during the run; see its log");
            }
        }
    }

    @Override
    public void close() {
        first.close();
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
