package dev.conveyor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory of the worker process under test, watched from outside: peak resident set ({@code VmHWM}
 * in {@code /proc/PID/status}) and peak used Java heap, sampled every 250 ms with the JDK's
 * {@code jstat -gc} (young, survivor and old generation occupancy).
 */
final class ProcessStats implements AutoCloseable {

    private static final int SAMPLE_MILLIS = 250;
    /** USER_HZ: 100 on every Linux architecture the JDK runs on. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    private final long pid;
    private final Process jstat;
    private final Thread heapReader;
    private final AtomicLong heapPeakKb = new AtomicLong(-1);
    private volatile long hwmKb = -1;

    private ProcessStats(long pid, Process jstat) {
        this.pid = pid;
        this.jstat = jstat;
        this.heapReader = jstat == null
                ? null
                : Thread.ofPlatform().daemon().name("jstat-reader").start(this::readHeap);
    }

    static ProcessStats watch(long pid) {
        Process jstat = null;
        try {
            jstat = new ProcessBuilder(jstatCommand(), "-gc", Long.toString(pid), Integer.toString(SAMPLE_MILLIS))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            System.err.println("bench: jstat unavailable, heap_max_mb will be missing: " + e.getMessage());
        }
        return new ProcessStats(pid, jstat);
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * CPU seconds (user + system) the process has used so far, from {@code /proc/PID/stat}; NaN when
     * it cannot be read. Unlike rates, CPU per job hardly changes with what else the machine runs.
     */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the parenthesised command name; utime and stime are fields 14 and 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks / (double) CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Peak resident set so far in MB; reads {@code VmHWM} while the process lives, keeps the last value after. */
    double rssPeakMb() {
        readHighWaterMark();
        return hwmKb < 0 ? Double.NaN : hwmKb / 1024.0;
    }

    /** Peak used heap seen in the samples in MB; NaN when jstat could not attach. */
    double heapPeakMb() {
        long kb = heapPeakKb.get();
        return kb < 0 ? Double.NaN : kb / 1024.0;
    }

    private void readHighWaterMark() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwmKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone (or this is not Linux): keep the last value read
        }
    }

    private void readHeap() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<String> cells = List.of(line.trim().split("\\s+"));
                if (cells.contains("EU")) {
                    header = cells;
                } else if (header != null && cells.size() == header.size()) {
                    long used = (long) (cell(header, cells, "S0U")
                            + cell(header, cells, "S1U")
                            + cell(header, cells, "EU")
                            + cell(header, cells, "OU"));
                    heapPeakKb.accumulateAndGet(used, Math::max);
                }
            }
        } catch (IOException e) {
            // jstat ended with the process it watched
        }
    }

    private static double cell(List<String> header, List<String> cells, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            return 0;
        }
        try {
            return Double.parseDouble(cells.get(i));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String jstatCommand() {
        return ProcessHandle.current()
                .info()
                .command()
                .map(java -> Path.of(java).resolveSibling("jstat"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .orElse("jstat");
    }

    @Override
    public void close() {
        readHighWaterMark();
        if (jstat != null) {
            jstat.destroy();
        }
        if (heapReader != null) {
            heapReader.interrupt();
        }
    }
}
