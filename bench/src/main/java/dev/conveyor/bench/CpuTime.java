package dev.conveyor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * CPU time processes used so far (user + system, {@code /proc/PID/stat}), so a run on a busy
 * machine still says what each event cost, whatever the wall clock did.
 */
final class CpuTime {

    /** Linux's clock ticks per second for {@code /proc} times (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuTime() {}

    /** Seconds of CPU of the processes still alive; 0 for the ones gone (or off Linux). */
    static double seconds(Collection<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            total += seconds(pid);
        }
        return total;
    }

    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name (which may hold spaces) in parentheses: state is field 3
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
